/**
 * Delegations' names: the table that folds a name as written (`Russian Federation`, `Group of
 * 77`, `US`) to a delegation code (`RUS`, `G77`, `USA`), for positions written in other bodies'
 * styles (`[wording] (Brazil) (Japan, US: delete)`).
 *
 * A meeting supplies its own names through its alias table (`aliases: Ruritania=RUR`, front
 * matter or `--alias`), which is read first and wins over the built-in table.
 *
 * @packageDocumentation
 */

/**
 * The built-in table: CICA's members with the codes its Secretariat writes (`IRAN`, `AZER`, `CHN`,
 * `TUR`, …), and common names of other delegations and groups in UN negotiations. Keys are
 * upper case with single spaces.
 */
const TABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  // CICA's 28 members.
  ['AFG', ['Afghanistan']],
  ['AZER', ['Azerbaijan']],
  ['BHR', ['Bahrain']],
  ['BGD', ['Bangladesh']],
  ['KHM', ['Cambodia']],
  ['CHN', ['China', "People's Republic of China"]],
  ['EGY', ['Egypt']],
  ['IND', ['India']],
  ['IRAN', ['Iran', 'Islamic Republic of Iran', 'Iran (Islamic Republic of)']],
  ['IRQ', ['Iraq']],
  ['ISR', ['Israel']],
  ['JOR', ['Jordan']],
  ['KAZ', ['Kazakhstan']],
  ['KGZ', ['Kyrgyzstan', 'Kyrgyz Republic']],
  ['KWT', ['Kuwait']],
  ['MNG', ['Mongolia']],
  ['PAK', ['Pakistan']],
  ['PSE', ['Palestine', 'State of Palestine']],
  ['QAT', ['Qatar']],
  ['KOR', ['Republic of Korea', 'Korea']],
  ['RUS', ['Russia', 'Russian Federation']],
  ['LKA', ['Sri Lanka']],
  ['TJK', ['Tajikistan']],
  ['THA', ['Thailand']],
  ['TUR', ['Turkey', 'Türkiye', 'Turkiye']],
  ['TKM', ['Turkmenistan']],
  ['ARE', ['United Arab Emirates', 'UAE']],
  ['UZB', ['Uzbekistan']],
  ['VNM', ['Viet Nam', 'Vietnam']],
  // CICA's officers.
  ['CHAIR', ['Chair', 'Chairmanship']],
  ['SEC', ['Secretariat']],
  // Groups and others often named in UN negotiations.
  ['G77', ['Group of 77', 'G-77', 'Group of 77 and China', 'G77 and China', 'G77/China']],
  ['EU', ['European Union', 'EU']],
  ['PRES', ['Presidency']],
  ['COM', ['Commission', 'European Commission']],
  ['AGN', ['African Group', 'African Group of Negotiators', 'Africa Group']],
  ['AOSIS', ['Alliance of Small Island States']],
  ['LDC', ['Least Developed Countries', 'LDCs']],
  ['LMDC', ['Like-Minded Developing Countries', 'LMDCs']],
  ['EIG', ['Environmental Integrity Group']],
  ['UG', ['Umbrella Group']],
  ['ARG', ['Argentina']],
  ['AUS', ['Australia']],
  ['BOL', ['Bolivia', 'Bolivia (Plurinational State of)']],
  ['BRA', ['Brazil']],
  ['CAN', ['Canada']],
  ['CHE', ['Switzerland']],
  ['CHL', ['Chile']],
  ['COL', ['Colombia']],
  ['CUB', ['Cuba']],
  ['DEU', ['Germany']],
  ['FRA', ['France']],
  ['GBR', ['United Kingdom', 'UK', 'United Kingdom of Great Britain and Northern Ireland']],
  ['IDN', ['Indonesia']],
  ['ISL', ['Iceland']],
  ['JPN', ['Japan']],
  ['KEN', ['Kenya']],
  ['LIE', ['Liechtenstein']],
  ['MEX', ['Mexico']],
  ['NGA', ['Nigeria']],
  ['NOR', ['Norway']],
  ['NZL', ['New Zealand']],
  ['PHL', ['Philippines']],
  ['SAU', ['Saudi Arabia']],
  ['SGP', ['Singapore']],
  ['USA', ['United States', 'United States of America', 'US', 'USA']],
  ['VAT', ['Holy See']],
  ['VEN', ['Venezuela', 'Venezuela (Bolivarian Republic of)']],
  ['ZAF', ['South Africa']],
  ['AUT', ['Austria']],
  ['BEL', ['Belgium']],
  ['DNK', ['Denmark']],
  ['ESP', ['Spain']],
  ['FIN', ['Finland']],
  ['GRC', ['Greece']],
  ['HUN', ['Hungary']],
  ['IRL', ['Ireland']],
  ['ITA', ['Italy']],
  ['NLD', ['Netherlands', 'Kingdom of the Netherlands']],
  ['POL', ['Poland']],
  ['PRT', ['Portugal']],
  ['SWE', ['Sweden']],
  ['TTO', ['Trinidad and Tobago']],
  ['ATG', ['Antigua and Barbuda']],
  ['BIH', ['Bosnia and Herzegovina']],
];

/** Name (upper case, single spaces) → code. */
const BUILT_IN: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [code, names] of TABLE) {
    m.set(code, code);
    for (const name of names) m.set(nameKey(name), code);
  }
  return m;
})();

/** The form a name is looked up in: upper case, single spaces, `’` as `'`. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').replace(/’/g, "'").toUpperCase();
}

/**
 * The delegation code of a name as written, or null when neither the meeting's alias table
 * (keys matched case-insensitively; names with spaces allowed) nor the built-in table knows it.
 *
 * @example delegationOfName('Russian Federation') === 'RUS'; delegationOfName('US') === 'USA'
 */
export function delegationOfName(
  name: string,
  aliases?: Readonly<Record<string, string>>,
): string | null {
  const key = nameKey(name);
  if (key.length === 0) return null;
  if (aliases) {
    const direct = aliases[key];
    if (direct !== undefined) return direct.trim().toUpperCase();
    for (const k in aliases) if (nameKey(k) === key) return aliases[k]!.trim().toUpperCase();
  }
  return BUILT_IN.get(key) ?? null;
}

/** Every code of the built-in table with its names, for documentation and tools (a copy). */
export function knownDelegationNames(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [code, names] of TABLE) out[code] = [...names];
  return out;
}
