import { describe, expect, test } from "vitest";

import { POST_NETWORKS, xPostLength } from "@fanfare/validators";

import type { PostVariables } from "./post-templates";
import {
  DEFAULT_POST_TEMPLATES,
  fitPromoPost,
  genreHashtag,
  postTemplateProblem,
  postVariablesOf,
  renderPostTemplate,
  SAMPLE_POST_VARIABLES,
  stripUnsafeCharacters,
} from "./post-templates";

const URL = "https://fanfare.example/t/night-drive?ref=k3m9x2pq&src=newsletter";
const track = {
  title: "Night Drive",
  description: "A slow-burning synth track.",
  priceCents: 199,
  minPriceCents: null,
  currency: "usd",
  artistName: "Nova Lights",
  genreName: "Synthwave",
  url: URL,
};

describe("post variables", () => {
  test("fill title, artist, price, genre, description, url and a hashtag from the genre", () => {
    expect(postVariablesOf(track)).toEqual({
      title: "Night Drive",
      artist: "Nova Lights",
      price: "$1.99",
      genre: "Synthwave",
      description: "A slow-burning synth track.",
      url: URL,
      hashtags: "#Synthwave",
    });
  });

  test('a pay-what-you-want track reads "pay what you want from" its minimum', () => {
    expect(postVariablesOf({ ...track, priceCents: 800, minPriceCents: 300 }).price).toBe(
      "pay what you want from $3.00",
    );
  });

  test.each<[string | null, string]>([
    ["Synthwave", "#Synthwave"],
    ["lo-fi hip hop", "#LoFiHipHop"],
    ["Drum & Bass", "#DrumBass"],
    ["Électro", "#Électro"],
    [null, ""],
    ["---", ""],
  ])("the hashtag of genre %j is %j", (genre, tag) => {
    expect(genreHashtag(genre)).toBe(tag);
  });

  test("control characters and bidirectional overrides are stripped from the track's data", () => {
    const vars = postVariablesOf({
      ...track,
      title: "Night\u0000 Drive\u001b[31m",
      artistName: "Nova\u202e Lights",
      description: "Line one\r\nLine two\u0007\u0085",
    });
    expect(vars.title).toBe("Night Drive[31m");
    expect(vars.artist).toBe("Nova Lights");
    expect(vars.description).toBe("Line one\nLine two");
    expect(stripUnsafeCharacters("tab\tand\nnewline stay")).toBe("tab\tand\nnewline stay");
  });
});

describe("renderPostTemplate", () => {
  const vars: PostVariables = postVariablesOf(track);

  test("fills the variables and sections", () => {
    expect(
      renderPostTemplate(
        '"{{title}}" by {{artist}}{{#genre}} ({{genre}}){{/genre}}: {{url}}',
        vars,
      ),
    ).toBe(`"Night Drive" by Nova Lights (Synthwave): ${URL}`);
    expect(renderPostTemplate("{{^genre}}no genre{{/genre}}{{url}}", { ...vars, genre: "" })).toBe(
      `no genre${URL}`,
    );
  });

  test("renders plain text: nothing is HTML-escaped (React escapes where it is shown)", () => {
    const text = renderPostTemplate("{{title}} {{url}}", { ...vars, title: `Rock & <Roll> "x"` });
    expect(text).toBe(`Rock & <Roll> "x" ${URL}`);
    expect(text).not.toContain("&amp;");
  });

  test("an unknown variable renders as nothing, a prototype name too", () => {
    expect(
      renderPostTemplate(
        "a{{nope}}b{{constructor}}c{{__proto__}}d{{#toString}}e{{/toString}}",
        vars,
      ),
    ).toBe("abcd");
  });

  test("a partial renders as nothing", () => {
    expect(renderPostTemplate("a{{> secret}}b", vars)).toBe("ab");
  });

  test("tidies blank lines and spaces left by empty variables", () => {
    expect(
      renderPostTemplate("{{title}}  {{genre}} !\n\n\n\n{{url}}  ", { ...vars, genre: "" }),
    ).toBe(`Night Drive !\n\n${URL}`);
  });

  test("control characters in a template are stripped from the result", () => {
    expect(renderPostTemplate("a\u0000b\u001bc {{url}}", vars)).toBe(`abc ${URL}`);
  });
});

describe("fitPromoPost: X's 280 characters, links counted as 23", () => {
  const long = "word ".repeat(200).trim(); // 999 characters
  const vars = postVariablesOf({ ...track, description: long });

  test("an X post that is too long is cut in the description, never the link", () => {
    const post = fitPromoPost("x", DEFAULT_POST_TEMPLATES.x, vars);
    expect(post.shortened).toBe(true);
    expect(post.length).toBeLessThanOrEqual(280);
    expect(post.length).toBe(xPostLength(post.text));
    expect(post.text).toContain(URL);
    expect(post.text).toContain("…");
    // Close to the limit: the bisection keeps as much of the description as fits.
    expect(post.length).toBeGreaterThan(270);
  });

  test("the link counts 23 on X, so a long link does not shorten the text", () => {
    const longUrl = `${URL}&utm_source=fanfare&utm_medium=affiliate&utm_campaign=k3m9x2pq`;
    const post = fitPromoPost("x", "{{description}} {{url}}", {
      ...vars,
      description: "d".repeat(256),
      url: longUrl,
    });
    expect(post).toMatchObject({ shortened: false, length: 256 + 1 + 23 });
  });

  test("a post that fits is left whole", () => {
    const post = fitPromoPost("x", DEFAULT_POST_TEMPLATES.x, postVariablesOf(track));
    expect(post.shortened).toBe(false);
    expect(post.text).toContain("A slow-burning synth track.");
  });

  test("when the description alone cannot make it fit, the title is shortened, then title and link", () => {
    const post = fitPromoPost("x", `{{title}} ${"x".repeat(250)} {{url}}`, {
      ...vars,
      title: "T".repeat(100),
    });
    expect(post.length).toBeLessThanOrEqual(280);
    expect(post.text).toContain(URL);
    const fallback = fitPromoPost("x", `${"x".repeat(300)} {{url}}`, vars);
    expect(fallback.text).toBe(`Night Drive ${URL}`);
  });

  test("the newsletter has no limit; Instagram and TikTok allow 2,200", () => {
    const huge = postVariablesOf({ ...track, description: "word ".repeat(1000).trim() });
    expect(fitPromoPost("newsletter", DEFAULT_POST_TEMPLATES.newsletter, huge).shortened).toBe(
      false,
    );
    const ig = fitPromoPost("instagram", DEFAULT_POST_TEMPLATES.instagram, huge);
    expect(ig.shortened).toBe(true);
    expect(ig.length).toBeLessThanOrEqual(2200);
  });

  test.each(POST_NETWORKS)("the built-in %s template renders the sample with its link", (n) => {
    const post = fitPromoPost(n, DEFAULT_POST_TEMPLATES[n], SAMPLE_POST_VARIABLES);
    expect(post.text).toContain(SAMPLE_POST_VARIABLES.url);
    expect(post.text).toContain("Night Drive");
    expect(postTemplateProblem(n, DEFAULT_POST_TEMPLATES[n])).toBeNull();
  });
});

describe("postTemplateProblem: what a saved template must be", () => {
  test.each<[string, string, RegExp]>([
    [
      "an unknown variable",
      "{{title}} {{price_in_euros}} {{url}}",
      /Unknown variable \{\{price_in_euros\}\}: a template may use \{\{title\}\}/,
    ],
    [
      "an unknown section",
      "{{#promoter}}x{{/promoter}} {{url}}",
      /Unknown variable \{\{promoter\}\}/,
    ],
    ["a dotted name", "{{title.length}} {{url}}", /Unknown variable \{\{title.length\}\}/],
    ["a partial", "{{> header}} {{url}}", /Partials \(\{\{> header\}\}\) are not supported/],
    ["an unclosed tag", "{{url}} {{title", /does not parse: Unclosed tag at 15/],
    ["an unclosed section", "{{#genre}}x {{url}}", /does not parse: Unclosed section "genre"/],
    ["no link", "{{title}} by {{artist}}", /must include \{\{url\}\}/],
    [
      "an X text over 280 before the description",
      `${"a".repeat(260)} {{url}}`,
      /X template is 284 characters long before the description; X allows 280 \(a link counts as 23\)/,
    ],
    ["over 2,000 characters", `{{url}}${"a".repeat(2000)}`, /2,000 characters or fewer/],
  ])("refuses %s", (_label, body, message) => {
    expect(postTemplateProblem("x", body)).toMatch(message);
  });

  test("accepts triple braces, comments and inverted sections of known variables", () => {
    expect(
      postTemplateProblem("newsletter", "{{! note }}{{{title}}} {{^genre}}-{{/genre}} {{& url}}"),
    ).toBeNull();
  });

  test("a long text is fine for the newsletter, which has no limit", () => {
    expect(postTemplateProblem("newsletter", `${"a".repeat(1500)} {{url}}`)).toBeNull();
  });
});
