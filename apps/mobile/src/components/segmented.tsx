import { Pressable, StyleSheet, Text, View } from "react-native";

import { colors, radius, space, text } from "./theme";

/**
 * A row of mutually exclusive choices; wraps with large text. `kind` "tabs" (the default) for
 * tabs of one screen; "radio" for a picker inside a form or card (a radio group, so its options
 * are never mistaken for the screen's tabs).
 */
export function Segmented<T extends string>(props: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  label: string;
  kind?: "tabs" | "radio";
  testID?: string;
}) {
  const radio = props.kind === "radio";
  return (
    <View
      role={radio ? "radiogroup" : "tablist"}
      aria-label={props.label}
      style={styles.wrap}
      testID={props.testID}
    >
      {props.options.map((o) => {
        const selected = o.value === props.value;
        return (
          <Pressable
            key={o.value}
            {...(radio
              ? {
                  role: "radio" as const,
                  "aria-checked": selected,
                  accessibilityState: { checked: selected },
                }
              : {
                  role: "tab" as const,
                  "aria-selected": selected,
                  accessibilityState: { selected },
                })}
            onPress={() => props.onChange(o.value)}
            style={[styles.option, selected && styles.selected]}
          >
            <Text style={[styles.label, selected && styles.labelSelected]}>{o.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: {
    flexDirection: "row",
    flexWrap: "wrap",
    gap: space.xs,
    backgroundColor: colors.border,
    padding: space.xs,
    borderRadius: radius.sm,
  },
  option: {
    flexGrow: 1,
    minHeight: 40,
    alignItems: "center",
    justifyContent: "center",
    paddingHorizontal: space.md,
    paddingVertical: space.xs,
    borderRadius: radius.sm,
  },
  selected: { backgroundColor: colors.card },
  label: { ...text.base, color: colors.muted, fontWeight: "500", textAlign: "center" },
  labelSelected: { color: colors.text, fontWeight: "700" },
});
