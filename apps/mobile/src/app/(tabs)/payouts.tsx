import { PayoutsScreen } from "~/screens/payouts-screen";

export default PayoutsScreen;
