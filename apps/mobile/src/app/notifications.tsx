import { NotificationsScreen } from "~/screens/notifications-screen";

export default NotificationsScreen;
