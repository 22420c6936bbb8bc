import { describe, expect, it } from 'vitest';
import { BACKGROUND_DAYS, createDateResolver, resolveEventDate } from '../../src/extract/dates.js';

/** Friday 20 September 2024, midday UTC (how date-only reports are stored). */
const FRI = '2024-09-20T12:00:00Z';
/** Thursday 3 December 2026. */
const DEC3 = '2026-12-03T12:00:00Z';
/** Wednesday 20 November 2024. */
const NOV20 = '2024-11-20T12:00:00Z';

type Case = [
  sentence: string,
  published: string,
  tz: string | undefined,
  date: string,
  precision: 1 | 2 | 3,
  explicit: boolean,
  background: boolean,
];

describe('resolveEventDate', () => {
  it.each<Case>([
    // Day and month
    ['On September 17, militias shelled the village.', FRI, undefined, '2024-09-17', 1, true, false],
    ['Drones struck the depot on 17 September.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On Sept. 18 a convoy arrived.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On September 19th the base was hit.', FRI, undefined, '2024-09-19', 1, true, false],
    ['Tuesday, September 17: clashes resumed.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On 17/09/2024 a mine exploded.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On 05/09/2024 a mine exploded.', FRI, undefined, '2024-09-05', 1, true, false],
    ['Drones struck on the night of September 16-17.', FRI, undefined, '2024-09-16', 1, true, false],
    ['On September 21 a drone fell.', FRI, undefined, '2024-09-21', 1, true, false],
    // Year rollover: a day-month later than publication belongs to last year
    ['On December 30, clashes broke out.', '2025-01-02T12:00:00Z', undefined, '2024-12-30', 1, true, false],
    [
      'In December, an arrest campaign began.',
      '2025-01-02T12:00:00Z',
      undefined,
      '2024-12-01',
      3,
      true,
      false,
    ],
    // A day-month without a year is never background, however far back it resolves
    ['on September 28 militias redeployed', '2025-01-03T12:00:00Z', undefined, '2024-09-28', 1, true, false],
    ['On September 28 militias redeployed.', FRI, undefined, '2023-09-28', 1, true, false],
    ['On September 17, drills were held near the border.', DEC3, undefined, '2026-09-17', 1, true, false],
    ['On September 14, militias moved west of the river.', DEC3, undefined, '2026-09-14', 1, true, false],
    ['On September 17, drills were held.', '2021-01-05T12:00:00Z', undefined, '2020-09-17', 1, true, false],
    ['On December 5, a shell hit the bakery.', DEC3, undefined, '2026-12-05', 1, true, false],
    ['On December 6, a shell hit the bakery.', DEC3, undefined, '2025-12-06', 1, true, false],
    // Leap days
    [
      'On February 29, a convoy entered the town.',
      '2024-03-01T12:00:00Z',
      undefined,
      '2024-02-29',
      1,
      true,
      false,
    ],
    [
      'On February 29, a convoy entered the town.',
      '2025-03-01T12:00:00Z',
      undefined,
      '2024-02-29',
      1,
      true,
      false,
    ],
    [
      'On March 1, a convoy entered the town.',
      '2024-03-01T12:00:00Z',
      undefined,
      '2024-03-01',
      1,
      true,
      false,
    ],
    // Relative days
    ['Clashes broke out yesterday near the bridge.', FRI, undefined, '2024-09-19', 1, true, false],
    ['Today the militias held a parade.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Last night drones hit a truck.', FRI, undefined, '2024-09-19', 1, true, false],
    ['This morning a bomb went off.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Earlier today a bomb went off.', FRI, undefined, '2024-09-20', 1, true, false],
    ['A few hours ago a bomb went off.', FRI, undefined, '2024-09-20', 1, true, false],
    ['This dawn a patrol was ambushed.', FRI, undefined, '2024-09-20', 1, true, false],
    ['At dawn today a patrol was ambushed.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Yesterday evening a patrol was ambushed.', FRI, undefined, '2024-09-19', 1, true, false],
    ['On Tuesday night a patrol was ambushed.', FRI, undefined, '2024-09-17', 1, true, false],
    [
      'On the night of Friday to Saturday, jets struck.',
      '2024-09-21T08:00:00Z',
      undefined,
      '2024-09-20',
      1,
      true,
      false,
    ],
    [
      'In the early hours of Saturday, jets struck.',
      '2024-09-21T08:00:00Z',
      undefined,
      '2024-09-21',
      1,
      true,
      false,
    ],
    ['On Sept. 17-18 jets struck.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On 2024-09-18 a mine exploded.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On 18-09-2024 a mine exploded.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On 18/ 9/ 2024 a mine exploded.', FRI, undefined, '2024-09-18', 1, true, false],
    ['Three days ago gunmen shot a farmer.', FRI, undefined, '2024-09-17', 1, true, false],
    ['The day before yesterday, rockets fell.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On Monday, gunmen killed a shepherd.', FRI, undefined, '2024-09-16', 1, true, false],
    ['On Friday, gunmen killed a shepherd.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Last Monday clashes resumed.', '2024-09-23T08:00:00Z', undefined, '2024-09-16', 1, true, false],
    // Week-level windows
    ['A few days ago, militias trained in the desert.', FRI, undefined, '2024-09-13', 2, true, false],
    ['Several days ago a convoy crossed.', FRI, undefined, '2024-09-13', 2, true, false],
    ['Last week clashes broke out.', FRI, undefined, '2024-09-09', 2, true, false],
    ['Earlier this week clashes broke out.', FRI, undefined, '2024-09-16', 2, true, false],
    ['Over the weekend clashes broke out.', FRI, undefined, '2024-09-14', 2, true, false],
    ['Over the weekend clashes broke out.', '2024-09-23T08:00:00Z', undefined, '2024-09-21', 2, true, false],
    ['Last weekend clashes broke out.', '2024-09-22T08:00:00Z', undefined, '2024-09-14', 2, true, false],
    ['Two weeks ago clashes broke out.', FRI, undefined, '2024-09-02', 2, true, false],
    ['Ten days ago clashes broke out.', FRI, undefined, '2024-09-10', 2, true, false],
    // Month-level
    ['In early August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['In mid-August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['Last month, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['In August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['Earlier this month, militias dug trenches.', FRI, undefined, '2024-09-01', 3, true, false],
    ['In June, militias dug trenches.', FRI, undefined, '2024-06-01', 3, true, false],
    ['In late October, a drone hit a car.', NOV20, undefined, '2024-10-01', 3, true, false],
    ['In early October, a drone hit a car.', NOV20, undefined, '2024-10-01', 3, true, false],
    ['By mid-October the checkpoints were gone.', NOV20, undefined, '2024-10-01', 3, true, false],
    ['At the end of October, a drone hit a car.', NOV20, undefined, '2024-10-01', 3, true, false],
    ['At the beginning of November, raids began.', NOV20, undefined, '2024-11-01', 3, true, false],
    ['In late December, raids began.', NOV20, undefined, '2023-12-01', 3, true, false],
    ['In late October 2023, a drone hit a car.', NOV20, undefined, '2023-10-01', 3, true, true],
    ['In October 2024 a drone hit a car.', NOV20, undefined, '2024-10-01', 3, true, false],
    ['In June 2024, the group lost the hill.', NOV20, undefined, '2024-06-01', 3, true, true],
    // Background: old dates
    ['The general was named commander on January 3, 2020.', FRI, undefined, '2020-01-03', 1, true, true],
    ['In 2019, the group lost the town.', FRI, undefined, '2019-01-01', 3, true, true],
    ['In late 2019 the group lost the town.', FRI, undefined, '2019-01-01', 3, true, true],
    ['The cell was formed in the summer of 2021.', FRI, undefined, '2021-01-01', 3, true, true],
    ['In 2024 the group lost two towns.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Shelling caused the destruction of 2000 houses.', FRI, undefined, '2024-09-20', 1, false, false],
    ['The base, built in 2019, was shelled yesterday.', FRI, undefined, '2024-09-19', 1, true, false],
    [
      'The commander, named on January 3, 2020, visited on Monday.',
      FRI,
      undefined,
      '2024-09-16',
      1,
      true,
      false,
    ],
    // Dates that do not date the event
    [
      'The worst attack since January 2020 hit the town on Sunday.',
      FRI,
      undefined,
      '2024-09-15',
      1,
      true,
      false,
    ],
    ['Since September 1, militias have shelled the town.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Clashes next week are feared.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Protesters march to the square.', FRI, undefined, '2024-09-20', 1, false, false],
    ['The area may witness an operation.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Shelling began at 9 a.m. in the town.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Militias drilled near the river.', FRI, undefined, '2024-09-20', 1, false, false],
    // No date of its own: the caller carries the last stated one
    ['A few hours earlier, a drone hit a car.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Hours later the convoy left.', FRI, undefined, '2024-09-20', 1, false, false],
    ['At dawn, a patrol was ambushed.', FRI, undefined, '2024-09-20', 1, false, false],
    // Time zones near midnight: 22:30 UTC on the 19th is already the 20th in Damascus
    ['Yesterday, clashes broke out.', '2024-09-19T22:30:00Z', undefined, '2024-09-18', 1, true, false],
    ['Yesterday, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-19', 1, true, false],
    ['Today, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-20', 1, true, false],
    [
      'Militias drilled near the river.',
      '2024-09-19T22:30:00Z',
      'Asia/Damascus',
      '2024-09-20',
      1,
      false,
      false,
    ],
    ['On Friday, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-20', 1, true, false],
    ['On Friday, clashes broke out.', '2024-09-19T22:30:00Z', undefined, '2024-09-13', 1, true, false],
    ['Today, clashes broke out.', '2024-09-20T01:00:00Z', 'America/New_York', '2024-09-19', 1, true, false],
  ])('%s (published %s, tz %s) -> %s', (sentence, published, tz, date, precision, explicit, background) => {
    expect(resolveEventDate(sentence, new Date(published), tz ? { tz } : undefined)).toEqual({
      date,
      precision,
      explicit,
      background,
    });
  });

  it('treats a date just inside the background limit as current', () => {
    const published = new Date('2024-09-20T12:00:00Z');
    const edge = new Date(published.getTime() - BACKGROUND_DAYS * 86_400_000).toISOString().slice(0, 10);
    const [, month, day] = edge.split('-').map(Number);
    const name = new Date(Date.UTC(2024, month! - 1, 1)).toLocaleString('en-GB', {
      month: 'long',
      timeZone: 'UTC',
    });
    const result = resolveEventDate(`On ${name} ${day}, a drone fell.`, published);
    expect(result).toEqual({ date: edge, precision: 1, explicit: true, background: false });
  });

  it('rejects an unknown time zone by name', () => {
    expect(() => resolveEventDate('Today.', new Date(FRI), { tz: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
  });

  it('rejects an invalid publication date', () => {
    expect(() => resolveEventDate('Today.', new Date('not a date'))).toThrow(/not a valid date/);
  });

  it('gives the same answers from a bound resolver', () => {
    const resolve = createDateResolver(new Date(FRI), { tz: 'Asia/Damascus' });
    expect(resolve('On September 17, clashes.')).toEqual(
      resolveEventDate('On September 17, clashes.', new Date(FRI), { tz: 'Asia/Damascus' }),
    );
  });
});

/** Thursday 10 December 2026. */
const DEC10 = '2026-12-10T12:00:00Z';

type ArCase = [
  sentence: string,
  published: string,
  date: string,
  precision: 1 | 2 | 3,
  explicit: boolean,
  background: boolean,
];

describe('resolveEventDate in Arabic', () => {
  it.each<ArCase>([
    // Yesterday, today, hours
    ['قصفت طائرة مسيّرة أمس موقعاً قرب البوكمال', DEC3, '2026-12-02', 1, true, false],
    ['استهدفت القوات يوم أمس حاجزا في الميادين', DEC3, '2026-12-02', 1, true, false],
    ['دارت اشتباكات البارحة في ريف دير الزور الشرقي', DEC3, '2026-12-02', 1, true, false],
    ['سمعت انفجارات ليلة أمس في محيط حقل العمر', DEC3, '2026-12-02', 1, true, false],
    ['سقطت قذائف بالأمس على بلدة الصور', DEC3, '2026-12-02', 1, true, false],
    ['قتل مدنيان أمس الأربعاء برصاص مجهولين', DEC3, '2026-12-02', 1, true, false],
    ['وقعت الغارة مساء أمس قرب الحدود', DEC3, '2026-12-02', 1, true, false],
    ['قتل عنصران أول أمس بانفجار لغم', DEC3, '2026-12-01', 1, true, false],
    ['شنت طائرات حربية غارات صباح اليوم على قرية في البادية', DEC3, '2026-12-03', 1, true, false],
    ['انفجرت عبوة ناسفة فجر اليوم الخميس في مدينة الرقة', DEC3, '2026-12-03', 1, true, false],
    ['هاجم مسلحون مساء اليوم نقطة عسكرية', DEC3, '2026-12-03', 1, true, false],
    ['وقع اشتباك ظهر اليوم قرب المعبر', DEC3, '2026-12-03', 1, true, false],
    ['قصفت القوات التركية اليوم قرى في ريف حلب', DEC3, '2026-12-03', 1, true, false],
    ['سقطت قذائف قبل ساعات على حي سكني', DEC3, '2026-12-03', 1, true, false],
    ['قتل خمسة عناصر خلال الساعات الـ24 الماضية', DEC3, '2026-12-03', 1, true, false],
    // Days and weeks ago
    ['انسحبت المجموعة قبل يومين من موقعها', DEC3, '2026-12-01', 2, true, false],
    ['اعتقلت دورية شابا قبل ثلاثة أيام في الحسكة', DEC3, '2026-11-30', 2, true, false],
    ['قبل ٤ أيام استهدفت مسيرة سيارة', DEC3, '2026-11-29', 2, true, false],
    ['عثر الأهالي قبل أيام على جثة في البادية', DEC3, '2026-11-26', 2, true, false],
    ['اندلعت اشتباكات الأسبوع الماضي بين الطرفين', DEC3, '2026-11-23', 2, true, false],
    ['قبل أسبوعين هاجمت خلايا التنظيم نقطة', DEC3, '2026-11-16', 2, true, false],
    ['تراجع القصف خلال هذا الأسبوع', DEC3, '2026-11-30', 2, true, false],
    // Months
    ['شهد الشهر الماضي تصعيدا في القصف', DEC3, '2026-11-01', 3, true, false],
    ['في أواخر تشرين الأول قتل ثلاثة عناصر', DEC3, '2026-10-01', 3, true, false],
    ['أوائل تشرين الأول شهدت المنطقة تدريبات', DEC3, '2026-10-01', 3, true, false],
    ['منتصف أكتوبر هاجمت خلايا التنظيم نقطة', DEC3, '2026-10-01', 3, true, false],
    ['وبأيلول الماضي دارت معارك في البلدة', DEC3, '2026-09-01', 3, true, false],
    ['في نيسان قصفت المدفعية القرية', DEC3, '2026-04-01', 3, true, false],
    ['في منتصف الشهر الجاري انفجرت سيارة', DEC10, '2026-12-01', 3, true, false],
    // Day and month
    ['في السابع عشر من أيلول نفذت الميليشيات تدريبات', DEC3, '2026-09-17', 1, true, false],
    ['في الثالث عشر من أيلول سقطت قذيفة', DEC3, '2026-09-13', 1, true, false],
    ['وفي الحادي والعشرين من تشرين الثاني قتل شاب', DEC3, '2026-11-21', 1, true, false],
    ['في 17 أيلول/سبتمبر جرت مناورات بالذخيرة الحية', DEC3, '2026-09-17', 1, true, false],
    ['في ١٤ أيلول شهدت المنطقة تحركات', DEC3, '2026-09-14', 1, true, false],
    ['بتاريخ 14 سبتمبر تحركت الأرتال', DEC3, '2026-09-14', 1, true, false],
    ['يوم 30 تشرين الثاني انفجر لغم', DEC3, '2026-11-30', 1, true, false],
    ['يوم 7 كانون الأول قصفت المدفعية البلدة', DEC3, '2025-12-07', 1, true, false],
    ['في كانون ثاني الفائت شنت طائرات غارات', DEC3, '2026-01-01', 3, true, false],
    ['في التاسع من تشرين الأول الماضي هوجمت نقطة', DEC3, '2026-10-09', 1, true, false],
    ['في 17 و18 تشرين الثاني تجددت الاشتباكات', DEC3, '2026-11-17', 1, true, false],
    ['في السادس من الشهر قصفت المدفعية البلدة', DEC10, '2026-12-06', 1, true, false],
    ['في الأول من الشهر الجاري قصفت المدفعية البلدة', DEC10, '2026-12-01', 1, true, false],
    ['في العاشر من الشهر الماضي قصفت المدفعية البلدة', DEC10, '2026-11-10', 1, true, false],
    ['انفجر لغم في 29-11-2026 قرب الطريق', DEC3, '2026-11-29', 1, true, false],
    ['انفجر لغم في ٢٩/١١/٢٠٢٦ قرب الطريق', DEC3, '2026-11-29', 1, true, false],
    // Weekdays
    ['يوم الاثنين قصفت الطائرات محيط المدينة', DEC3, '2026-11-30', 1, true, false],
    ['الخميس الفائت استهدفت مسيرة سيارة', DEC3, '2026-11-26', 1, true, false],
    ['صباح الثلاثاء دارت اشتباكات عنيفة', DEC3, '2026-12-01', 1, true, false],
    ['ليل الجمعة - السبت شنت طائرات غارات', DEC3, '2026-11-27', 1, true, false],
    ['الجمعة 27 تشرين الثاني خرجت مظاهرة', DEC3, '2026-11-27', 1, true, false],
    // Background: an explicit old year
    ['عين القائد في منصبه عام 2019', DEC3, '2019-01-01', 3, true, true],
    ['قتل القيادي في 3 كانون الثاني 2020 بغارة', DEC3, '2020-01-03', 1, true, true],
    ['في أيلول من العام الماضي سيطرت القوات على البلدة', DEC3, '2025-09-01', 3, true, true],
    ['في آب 2025 انسحبت القوات من المنطقة', DEC3, '2025-08-01', 3, true, true],
    ['القائد الذي عين عام 2020 زار أمس المعسكر', DEC3, '2026-12-02', 1, true, false],
    // Not a date of the event
    ['مارس الحاجز ضغوطا على الأهالي', DEC3, '2026-12-03', 1, false, false],
    ['انفجرت سيارة نيسان بيضاء قرب الجسر', DEC3, '2026-12-03', 1, false, false],
    ['في اليوم التالي انسحبت القوات', DEC3, '2026-12-03', 1, false, false],
    ['منذ يوم الأربعاء تتواصل الاشتباكات', DEC3, '2026-12-03', 1, false, false],
    ['حتى اليوم لم تنسحب القوات', DEC3, '2026-12-03', 1, false, false],
    ['شارك الأهالي في اليوم العالمي للاجئين', DEC3, '2026-12-03', 1, false, false],
    ['قتل عنصر من كل من الطرفين الاثنين', DEC3, '2026-12-03', 1, false, false],
    ['يجتمع الطرفان الأحد المقبل في دمشق', DEC3, '2026-12-03', 1, false, false],
    ['أحد العناصر أصيب بجروح', DEC3, '2026-12-03', 1, false, false],
    ['قصفت 2000 قذيفة المنطقة', DEC3, '2026-12-03', 1, false, false],
    ['قتل 17 عنصرا في البادية', DEC3, '2026-12-03', 1, false, false],
  ])('%s (published %s) -> %s', (sentence, published, date, precision, explicit, background) => {
    expect(resolveEventDate(sentence, new Date(published))).toEqual({
      date,
      precision,
      explicit,
      background,
    });
  });

  it('never throws on Arabic text, diacritics, tatweel or stray punctuation', () => {
    const resolve = createDateResolver(new Date(DEC3));
    for (const text of [
      '',
      'ـــ',
      '،؛؟',
      'أمسـ',
      'اليومَ',
      '٣٣/٣٣/٣٣٣٣',
      'في الثلاثين من شباط',
      'قبل ٩٩ أيام',
    ]) {
      expect(() => resolve(text)).not.toThrow();
    }
    expect(resolve('في الثلاثين من شباط').explicit).toBe(false);
  });
});
