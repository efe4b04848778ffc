import { SignInScreen } from "~/screens/sign-in-screen";

export default SignInScreen;
