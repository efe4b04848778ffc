import { ProfileScreen } from "~/screens/profile-screen";

export default ProfileScreen;
