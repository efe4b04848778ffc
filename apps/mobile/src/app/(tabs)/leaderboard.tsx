import { LeaderboardScreen } from "~/screens/leaderboard-screen";

export default LeaderboardScreen;
