import { createAuth } from "@fanfare/auth";
import { authHooks } from "@fanfare/api/services/users/auth-hooks";

/** The app's one Auth.js instance, with the API's rules plugged in. */
export const { handlers, auth, signIn, signOut } = createAuth(authHooks);
