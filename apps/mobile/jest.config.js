/** jest-expo (iOS platform preset) + @testing-library/react-native. */
module.exports = {
  preset: "jest-expo",
  // The first test of a file pays for transforming React Native and Expo on a cold cache, and CI
  // runs these beside the api tests on two cores: the limit only catches hangs.
  testTimeout: 300_000,
  setupFilesAfterEnv: ["<rootDir>/src/test/setup.tsx"],
  moduleNameMapper: { "^~/(.*)$": "<rootDir>/src/$1" },
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/e2e/"],
  // pnpm keeps packages under node_modules/.pnpm: transform the React Native and Expo ones.
  transformIgnorePatterns: [
    "node_modules/(?!(?:\\.pnpm/[^/]+/node_modules/)?(?:(?:jest-)?react-native|@react-native(?:-community)?|expo(?:nent)?|@expo(?:nent)?/.*|@expo-google-fonts/.*|react-navigation|@react-navigation/.*|react-native-svg|react-native-qrcode-svg|standard-navigation|superjson|@trpc/.*|@tanstack/.*|copy-anything|is-what))",
  ],
};
