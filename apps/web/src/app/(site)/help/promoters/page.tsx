import Link from "next/link";

export const metadata = {
  title: "How promoting works",
  description: "How a sale becomes yours on Fanfare: links, codes, landing pages, embeds, sources.",
};

/**
 * The promoter's help page (issue 14 §1: "the attribution rule … stated on the promoter's help
 * page"): the one attribution rule (`chooseAttributedClick`, packages/api/src/services/affiliate)
 * in words, where a link can be used, and what counts. Static: the program's own numbers (window,
 * first or last click, holding period) are on the promoter's dashboard and in the terms.
 */
export default function PromoterHelpPage() {
  return (
    <article className="mx-auto max-w-2xl space-y-8 text-zinc-800" data-testid="promoter-help">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold text-ink">How promoting works</h1>
        <p>
          Every signed-in fan can promote: get your link on any track page, share it, and earn the
          artist&apos;s commission on every sale it brings.
        </p>
      </header>

      <section className="space-y-3" aria-labelledby="rule-h">
        <h2 id="rule-h" className="text-xl font-semibold text-ink">
          Which promoter a sale belongs to
        </h2>
        <ol className="list-decimal space-y-2 pl-6">
          <li>
            <strong>A personal code typed at checkout wins.</strong> The buyer gets the code&apos;s
            discount and the sale is its promoter&apos;s, with or without any click.
          </li>
          <li>
            <strong>Otherwise, a click on a promoter&apos;s link for that track</strong>, made in
            the same browser within the program&apos;s attribution window. When several
            promoters&apos; links were clicked, the last click wins (or the first, when the program
            is set to first click; your dashboard says which and how many days the window has).
          </li>
          <li>
            <strong>A click on a promoter&apos;s artist page link</strong> counts like a track
            link&apos;s click for every track of that artist, within the same attribution window.
          </li>
          <li>
            <strong>A click on a promoter&apos;s discover, genre or search link</strong> counts for
            any track, but only when bought in the same browser session (closing the browser ends
            it), not for the whole window.
          </li>
          <li>
            Between a track link, an artist page link and a discover link, the same rule decides:
            the last click (or the first, under first click); at the same moment the track link
            comes first, then the artist page.
          </li>
          <li>
            A click never counts when it comes from a bot or a link preview, when the link was
            disabled by an admin, when its promoter is not active in the program, or when the artist
            has turned off promoter links for the track.
          </li>
          <li>You never earn on your own purchases or on your own tracks.</li>
        </ol>
        <p>
          The commission is the track&apos;s own rate at the moment checkout starts (plus your
          tier&apos;s bonus, if any). It is held for the program&apos;s holding period, so refunds
          can be taken back, and then becomes payable.
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="where-h">
        <h2 id="where-h" className="text-xl font-semibold text-ink">
          Where your link can go
        </h2>
        <ul className="list-disc space-y-2 pl-6">
          <li>
            <strong>Your track link</strong> (<code>/t/&lt;track&gt;?ref=&lt;your code&gt;</code>)
            anywhere you post. Add a source tag with the link builder (for example{" "}
            <code>src=youtube-review</code>) and UTM values to learn what works.
          </li>
          <li>
            <strong>An artist page or discover</strong> (
            <code>/a/&lt;artist&gt;?ref=&lt;your code&gt;</code>,{" "}
            <code>/?ref=&lt;your code&gt;</code>, also with a genre or a search): page links carry
            your promoter code (the one in your recruit link), not a track link&apos;s. Build them
            in the link builder under &ldquo;My artist page links&rdquo; or by pasting the
            page&apos;s address; sales come at each bought track&apos;s own rate, only on tracks
            with promoter links on.
          </li>
          <li>
            <strong>Your landing page</strong> (<code>/p/&lt;your handle&gt;</code>): its buttons
            are your links for each track it lists, tagged <code>landing</code>, so every buy from
            it is yours.
          </li>
          <li>
            <strong>The embeddable player</strong> on a blog or forum: its Buy button opens your
            link in a new tab, tagged <code>embed</code>, where the click is counted as usual.
          </li>
          <li>
            <strong>Share cards:</strong> a link with your code unfurls with the track&apos;s card
            and &ldquo;recommended by&rdquo; your public name.
          </li>
        </ul>
      </section>

      <section className="space-y-3" aria-labelledby="counts-h">
        <h2 id="counts-h" className="text-xl font-semibold text-ink">
          What counts as a click
        </h2>
        <p>
          One click per visitor per link per hour is counted; repeats, bots and link previews are
          not, and a single network is capped per hour. Counted clicks reach your dashboard within a
          few seconds. Source tags and UTM values are kept with the click (and the sale it brings)
          and removed from the visitor&apos;s address bar, so a copy of the page they share does not
          carry your tags.
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="recruit-h">
        <h2 id="recruit-h" className="text-xl font-semibold text-ink">
          Recruiting other promoters
        </h2>
        <p>
          Your dashboard has a recruit link (<code>/join?ref=&lt;your code&gt;</code>). When someone
          creates a new account through it, they become your recruit. For the program&apos;s number
          of months after they join (12 by default), you earn a share of every commission they make
          (5 % of it by default; your dashboard shows the current terms). Fanfare pays that share
          from its own fee: it never comes out of your recruit&apos;s commission or the
          artist&apos;s share.
        </p>
        <ul className="list-disc space-y-2 pl-6">
          <li>
            Only new accounts can be recruited, once, and only by an active promoter. Two tiers
            only: you earn on your recruits&apos; sales, not on the people they recruit.
          </li>
          <li>
            Your share follows their commission: it is held while theirs is held, taken back in
            proportion when a sale is refunded, and returned to Fanfare if their commission is
            rejected.
          </li>
          <li>
            Recruiting yourself under a second account is fraud: a recruit who shares your browser,
            network or bank account is flagged for review.
          </li>
        </ul>
      </section>

      <p className="text-sm text-zinc-600">
        The full rules are in the{" "}
        <Link href="/terms" className="font-medium text-brand-700 underline">
          promoter terms
        </Link>
        .
      </p>
    </article>
  );
}
