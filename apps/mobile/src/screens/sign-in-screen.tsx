import { useState } from "react";
import { KeyboardAvoidingView, Platform, StyleSheet, Text, TextInput } from "react-native";

import { Notice } from "~/components/states";
import { colors, radius, space, text } from "~/components/theme";
import { Button, Card, Muted, Screen, Title } from "~/components/ui";
import { describeError } from "~/lib/errors";
import { useSession } from "~/lib/session";

/** Email and password of a Fanfare account (the same accounts as the website). */
export function SignInScreen() {
  const session = useSession();
  const notice = session.state.status === "signed-out" ? session.state.notice : null;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.signIn({ email, password });
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <KeyboardAvoidingView
      style={styles.flex}
      behavior={Platform.OS === "ios" ? "padding" : undefined}
    >
      <Screen testID="sign-in-screen">
        <Title>Fanfare for promoters</Title>
        <Muted>Sign in with your Fanfare account to see your links, earnings and payouts.</Muted>
        {notice && !error ? (
          <Notice tone="info" testID="session-notice">
            {notice}
          </Notice>
        ) : null}
        <Card>
          <Text style={styles.label}>Email</Text>
          <TextInput
            value={email}
            onChangeText={setEmail}
            aria-label="Email"
            autoCapitalize="none"
            autoComplete="email"
            keyboardType="email-address"
            textContentType="username"
            inputMode="email"
            style={styles.input}
          />
          <Text style={styles.label}>Password</Text>
          <TextInput
            value={password}
            onChangeText={setPassword}
            aria-label="Password"
            secureTextEntry
            autoComplete="current-password"
            textContentType="password"
            onSubmitEditing={() => void submit()}
            returnKeyType="go"
            style={styles.input}
          />
          <Button label="Sign in" busy={busy} onPress={() => void submit()} />
          {error ? <Notice tone="error">{error}</Notice> : null}
        </Card>
        <Muted>
          No account yet? Create one on the Fanfare website; every account can promote tracks.
        </Muted>
      </Screen>
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  flex: { flex: 1, backgroundColor: colors.background },
  label: { ...text.base, fontWeight: "500", color: colors.text },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    ...text.base,
    color: colors.text,
    backgroundColor: colors.card,
  },
});
