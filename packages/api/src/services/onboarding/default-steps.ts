import type { OnboardingStepNumber } from "@fanfare/validators";

/** One step's content: when it goes out, its subject and Markdown body, and whether it is on. */
export type OnboardingStepContent = {
  /** Days after `onboardingStartedAt`, 0–60. */
  dayOffset: number;
  subject: string;
  /** Markdown with `{{variables}}` (ONBOARDING_VARIABLES). */
  body: string;
  enabled: boolean;
};

/**
 * The built-in content of the seven steps (issue 14 §8: day 0, 1, 2, 3, 5, 7 and 14), used for
 * every step an admin has not saved (`OnboardingEmailStep` has no row) and brought back by
 * "reset". Each uses only known variables (a unit test checks them with the same validator the
 * admin form uses). Every email also gets a button to its main page (`ONBOARDING_STEP_CTAS`) and
 * the unsubscribe footer.
 */
export const DEFAULT_ONBOARDING_STEPS: Record<OnboardingStepNumber, OnboardingStepContent> = {
  1: {
    dayOffset: 0,
    subject: "Welcome to Fanfare, {{name}}: get your first link",
    body: `Hi {{name}},

welcome to the Fanfare promoter program! You earn a commission on every sale that comes through your links, and the artists get paid for every one too.

**Your first step takes a minute:** open [Discover]({{linksUrl}}), pick a track you would happily play to a friend, and press **Get my link**. Share it anywhere: a post, a story, a message to a group chat.

Your [dashboard]({{dashboardUrl}}) shows every click and sale as it happens.`,
    enabled: true,
  },
  2: {
    dayOffset: 1,
    subject: "Pick tracks you love",
    body: `Hi {{name}},

the promoters who sell the most share music they genuinely like: people can tell.

- Browse [Discover]({{linksUrl}}) by genre and listen to the previews.
- Pick two or three tracks that fit the people who follow you.
- Get a link for each: every link tracks its own clicks and sales.

A short line on *why* you love a track does more than any hashtag.`,
    enabled: true,
  },
  3: {
    dayOffset: 2,
    subject: "Know where your fans come from: sources and the link builder",
    body: `Hi {{name}},

add a **source** to a link (say \`instagram\`, \`newsletter\` or \`youtube\`) and your [dashboard]({{dashboardUrl}}) splits clicks and sales by where they came from.

The link builder on each of your links does it for you: choose the source, copy the link, paste it where it belongs. After a week you will know which place is worth your time.`,
    enabled: true,
  },
  4: {
    dayOffset: 3,
    subject: "Your own landing page and share kit",
    body: `Hi {{name}},

two things make sharing easier:

1. **Your landing page**: one link for your bio with every track you promote. [Set it up]({{landingUrl}}): a title, a few words, your picks.
2. **The share kit**: ready-to-post texts for X, Instagram, TikTok and newsletters, and an image card for each track, right beside your links.

One link in your bio keeps working while you add tracks.`,
    enabled: true,
  },
  5: {
    dayOffset: 5,
    subject: "What converts: ideas from the resource center",
    body: `Hi {{name}},

the [resource center]({{resourcesUrl}}) collects what works for other promoters: swipe files you can copy, post templates, FAQs and best practices.

What converts best, in short:

- a personal recommendation beats an advert;
- a preview clip or the image card gets more clicks than a bare link;
- posting when your followers are online matters more than posting often.`,
    enabled: true,
  },
  6: {
    dayOffset: 7,
    subject: "Your first week: {{firstWeekClicks}} clicks, {{firstWeekSales}} sales",
    body: `Hi {{name}},

here is your first week on Fanfare:

- **Clicks:** {{firstWeekClicks}}
- **Sales:** {{firstWeekSales}}
- **Commission earned:** {{firstWeekCommission}}

Whatever the numbers, week two is where habits form: share one track you love, with a source on the link, and see what your [dashboard]({{dashboardUrl}}) says next week.`,
    enabled: true,
  },
  7: {
    dayOffset: 14,
    subject: "Tiers, milestones and contests: what is next",
    body: `Hi {{name}},

two weeks in, here is what the program has for promoters who keep going:

- **Tiers:** sell more and move up; a higher tier adds a bonus to every commission.
- **Milestones:** one-time bonuses at thresholds of released sales.
- **Contests:** limited-time competitions with cash prizes for the top promoters.

Your [dashboard]({{dashboardUrl}}) shows your tier, the next milestone and any running contest. Happy sharing!`,
    enabled: true,
  },
};

/** The button under each step's text: a path on the app and its label. */
export const ONBOARDING_STEP_CTAS: Record<OnboardingStepNumber, { path: string; label: string }> = {
  1: { path: "/discover", label: "Get your first link" },
  2: { path: "/discover", label: "Discover tracks" },
  3: { path: "/dashboard/promoter", label: "Open your dashboard" },
  4: { path: "/dashboard/promoter/landing", label: "Set up your landing page" },
  5: { path: "/resources", label: "Open the resource center" },
  6: { path: "/dashboard/promoter", label: "See your stats" },
  7: { path: "/dashboard/promoter", label: "See your progress" },
};
