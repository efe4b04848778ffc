import { LinksScreen } from "~/screens/links-screen";

export default LinksScreen;
