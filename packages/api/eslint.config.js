import baseConfig from "@fanfare/eslint-config/base";

export default [...baseConfig];
