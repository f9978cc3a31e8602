// Independent solver for law items: parses the statute (one rule per recognised article form) and the
// facts from the item's text into a structure, then evaluates the statute's conditions. Unrecognised
// articles are an error, except the known irrelevant ones, which are recognised and ignored.
import type { Item } from '../types';

interface Statute {
  felony?: { atLeast: boolean; t: number };
  late?: { thing: string; days: number };
  court?: { t: number };
  aggregate?: boolean;
  fishing?: { town: string; age: number };
  contract?: { age: number };
  theftClasses?: { t: number };
  penalties: Map<string, string>;
  minAge?: number;
}

const IRRELEVANT = [
  /^A dog in \w+ must wear a collar with its owner's name\.$/,
  /^Shops in \w+ may not open before \d+ in the morning\.$/,
  /^A person who finds a lost \w+ must bring it to the town hall within \d+ days\.$/,
  /^Nobody may build a house higher than \d+ floors in \w+\.$/,
];

export function parseStatute(context: string): { statute: Statute; facts: string } {
  const lines = context.split('\n');
  const factsLine = lines.find((l) => l.startsWith('Facts: '));
  if (!factsLine) throw new Error('law solver: no facts');
  const s: Statute = { penalties: new Map() };
  for (const line of lines.filter((l) => l.startsWith('Art. '))) {
    const text = line.replace(/^Art\. \d+: /, '');
    let m: RegExpMatchArray | null;
    if ((m = text.match(/^Taking goods worth (more than|at least) (\d+) coins is a felony\.$/)))
      s.felony = { atLeast: m[1] === 'at least', t: Number(m[2]) };
    else if (
      (m = text.match(/^A person who returns a borrowed (.+) more than (\d+) days late must pay a fine\.$/))
    )
      s.late = { thing: m[1], days: Number(m[2]) };
    else if (
      (m = text.match(
        /^The regional court may hear a claim only if the two parties live in different towns and the claim is for more than (\d+) coins\.$/,
      ))
    )
      s.court = { t: Number(m[1]) };
    else if (/^Claims that one person brings against the same person are added together\.$/.test(text))
      s.aggregate = true;
    else if (
      (m = text.match(
        /^A person may fish in the (\w+) lake only if they hold a permit and are at least (\d+) years old\.$/,
      ))
    )
      s.fishing = { town: m[1], age: Number(m[2]) };
    else if (
      (m = text.match(
        /^A contract made by a person younger than (\d+) years is void, unless a parent also signs it\.$/,
      ))
    )
      s.contract = { age: Number(m[1]) };
    else if (
      (m = text.match(
        /^Taking goods worth more than (\d+) coins is grand theft; taking goods worth (\d+) coins or less is petty theft\.$/,
      ))
    ) {
      if (m[1] !== m[2]) throw new Error(`law solver: inconsistent theft thresholds in ${text}`);
      s.theftClasses = { t: Number(m[1]) };
    } else if ((m = text.match(/^The penalty for (.+?) is (.+)\.$/))) s.penalties.set(m[1], m[2]);
    else if ((m = text.match(/^A person younger than (\d+) years gets no penalty\.$/)))
      s.minAge = Number(m[1]);
    else if (!IRRELEVANT.some((re) => re.test(text)))
      throw new Error(`law solver: unknown article ${JSON.stringify(text)}`);
  }
  return { statute: s, facts: factsLine.slice('Facts: '.length) };
}

function decide(item: Item): string {
  const { statute: s, facts } = parseStatute(item.context);
  const yes = (b: boolean) => (b ? 'Yes' : 'No');
  let m: RegExpMatchArray | null;
  if (
    s.theftClasses &&
    (m = facts.match(/^(\w+), who is (\d+) years old, took goods worth (\d+) coins\.$/))
  ) {
    if (s.minAge !== undefined && Number(m[2]) < s.minAge) return 'no penalty';
    const offence = Number(m[3]) > s.theftClasses.t ? 'grand theft' : 'petty theft';
    const p = s.penalties.get(offence);
    if (!p) throw new Error(`law solver: no penalty for ${offence}`);
    return p;
  }
  if (s.felony && (m = facts.match(/^(\w+) took goods worth (\d+) coins\.$/)))
    return yes(s.felony.atLeast ? Number(m[2]) >= s.felony.t : Number(m[2]) > s.felony.t);
  if (s.late && (m = facts.match(/^(\w+) returned a borrowed (.+) (\d+) days late\.$/))) {
    if (m[2] !== s.late.thing) throw new Error('law solver: the article is about another thing');
    return yes(Number(m[3]) > s.late.days);
  }
  if (s.court && (m = facts.match(/^(\w+) \(from (\w+)\) sues (\w+) \(from (\w+)\) (for .+)\.$/))) {
    const amounts = [...m[5].matchAll(/(\d+) coins/g)].map((x) => Number(x[1]));
    if (amounts.length > 1 && !s.aggregate)
      throw new Error('law solver: several claims but no aggregation rule');
    const total = amounts.reduce((a, b) => a + b, 0);
    return yes(m[2] !== m[4] && total > s.court.t);
  }
  if (s.fishing && (m = facts.match(/^(\w+) is (\d+) years old and (holds|does not hold) a permit\.$/)))
    return yes(m[3] === 'holds' && Number(m[2]) >= s.fishing.age);
  if (s.contract && (m = facts.match(/^(\w+) is (\d+) years old and agreed to buy .+ from (\w+)\. (.+)$/))) {
    const parentSigned = new RegExp(`^${m[1]}'s (mother|father) signed the contract too\\.$`).test(m[4]);
    return yes(Number(m[2]) < s.contract.age && !parentSigned);
  }
  throw new Error(`law solver: no article decides ${JSON.stringify(facts)}`);
}

export function solveLaw(item: Item): number {
  const label = decide(item);
  const i = item.options.indexOf(label);
  if (i < 0) throw new Error(`law solver: ${label} is not an option of ${item.id}`);
  return i;
}
