/**
 * Auth.js's sign-in error, from @auth/core directly (the same module next-auth re-exports), so
 * that code outside Next (services, their tests) can subclass it without loading next-auth.
 */
export { CredentialsSignin } from "@auth/core/errors";
