import { NotificationSettingsScreen } from "~/screens/notification-settings-screen";

export default NotificationSettingsScreen;
