import type { ExpoConfig } from "expo/config";

function loadConfig(env: Record<string, string | undefined>): ExpoConfig {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    let config: ExpoConfig | undefined;
    jest.isolateModules(() => {
      const mod = jest.requireActual<{
        default: (ctx: { config: Partial<ExpoConfig> }) => ExpoConfig;
      }>("../../app.config");
      config = mod.default({ config: {} });
    });
    return config!;
  } finally {
    process.env = saved;
  }
}

describe("app.config.ts", () => {
  test("registers the fanfare:// scheme for track deep links", () => {
    expect(loadConfig({}).scheme).toBe("fanfare");
  });

  test("points at http://localhost:3000 unless EXPO_PUBLIC_API_URL says otherwise", () => {
    expect(loadConfig({ EXPO_PUBLIC_API_URL: undefined }).extra?.apiUrl).toBe(
      "http://localhost:3000",
    );
    expect(loadConfig({ EXPO_PUBLIC_API_URL: "https://api.fanfare.example/" }).extra?.apiUrl).toBe(
      "https://api.fanfare.example",
    );
  });
});
