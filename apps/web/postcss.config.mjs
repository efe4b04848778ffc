export { default } from "@fanfare/tailwind-config/postcss-config";
