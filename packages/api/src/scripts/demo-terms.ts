/**
 * The first version of the promoter program terms the demo seed publishes (an admin publishes
 * later versions from the console). Plain text: paragraphs separated by blank lines, "## "
 * starting a heading.
 */
export const DEMO_TERMS_V1 = `## Fanfare promoter program terms

These terms apply when you share Fanfare links to earn commission. By accepting them you agree to promote honestly and to let Fanfare check the sales your links bring.

## How you earn

You earn the commission rate the artist set on a track, on the price the buyer paid, for each sale attributed to your link: the last counted click on your link within the attribution window shown on your dashboard. Clicks from bots and repeated visits do not count.

Commissions stay pending for the holding period shown on your dashboard, so that refunds and chargebacks can be settled, and then become payable. A refund or chargeback reverses your commission in proportion; if it was already paid out, the amount is taken from your balance and netted from your next payout.

## What is not allowed

Buying through your own link, or having someone buy for you so that you earn a commission, is not allowed. Neither are bots, click farms, incentivised clicks, spam, misleading claims about the music or the artist, bidding on artists' names in paid search, or posting your links where the platform's rules forbid it.

## Reviews, holds and suspension

Fanfare may hold commissions for review when the signals on your account suggest abuse, and tells you why. After review a held commission is released or rejected; a rejected commission goes to the artist. Fanfare may suspend or close an account that breaks these terms; while suspended, your links count nothing and payouts are paused.

## Payouts and taxes

Payouts are made through Stripe Connect once your payable balance reaches the minimum. You are responsible for the taxes on what you earn; Fanfare may ask for a tax form before paying you.

## Changes

When these terms change, Fanfare publishes a new version and asks you to accept it before your next new link. Links you already have keep working.`;
