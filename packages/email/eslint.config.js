import baseConfig from "@fanfare/eslint-config/base";
import reactConfig from "@fanfare/eslint-config/react";

export default [...baseConfig, ...reactConfig];
