import { EarningsScreen } from "~/screens/earnings-screen";

export default EarningsScreen;
