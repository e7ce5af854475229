// The workspace's rules; its own file so the add-in's config (which leaves e2e/ to this package) is not picked up.
export { default } from "../../../eslint.config.js";
