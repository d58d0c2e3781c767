// Screens and flows in Jest (jest-expo, React Native Testing Library). Flows that cross the network talk to the real
// system, started once for the suite by the global setup.
module.exports = {
  preset: "jest-expo",
  // The linked @rman/api sources (../shared) find Babel's runtime helpers here.
  modulePaths: ["<rootDir>/node_modules"],
  globalSetup: "<rootDir>/test/global-setup.mjs",
  globalTeardown: "<rootDir>/test/global-teardown.mjs",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  testTimeout: 60_000,
};
