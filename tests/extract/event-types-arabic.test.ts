import { describe, expect, it } from 'vitest';
import { classifyEvent } from '../../src/extract/event-types.js';
import type { EventType } from '../../src/reports/types.js';

const B: EventType = 'Battles';
const E: EventType = 'Explosions/Remote violence';
const V: EventType = 'Violence against civilians';
const P: EventType = 'Protests';
const R: EventType = 'Riots';
const S: EventType = 'Strategic developments';

describe('classifyEvent: Arabic', () => {
  it.each<[string, EventType, string]>([
    ['قصفت قوات النظام بالمدفعية الثقيلة قرى في ريف إدلب الجنوبي', E, 'Shelling/artillery/missile attack'],
    ['سقطت قذائف صاروخية على أطراف المدينة', E, 'Shelling/artillery/missile attack'],
    ['وثق المرصد مقتل ثلاثة أطفال جراء قصف مدفعي على البلدة', E, 'Shelling/artillery/missile attack'],
    ['شنت المقاتلات الروسية غارات جوية على جبل الزاوية', E, 'Air/drone strike'],
    ['استهدفت طائرة مسيرة سيارة على طريق الميادين', E, 'Air/drone strike'],
    ['استهدفت قوات النظام بالطائرات المسيرة الانتحارية مواقع الفصائل', E, 'Air/drone strike'],
    ['ألقت المروحيات براميل متفجرة على القرية', E, 'Air/drone strike'],
    ['قتل شخصان بانفجار عبوة ناسفة في مدينة رأس العين', E, 'Remote explosive/landmine/IED'],
    ['انفجر لغم من مخلفات الحرب بسيارة في البادية', E, 'Remote explosive/landmine/IED'],
    ['انفجرت سيارة مفخخة قرب السوق', E, 'Remote explosive/landmine/IED'],
    ['فجر انتحاري نفسه عند حاجز للأمن', E, 'Suicide bomb'],
    ['قتل مدني بانفجار قنبلة يدوية في مدينة الباب', E, 'Grenade'],
    ['أصيب أطفال بحالات اختناق إثر قصف بغاز الكلور', E, 'Chemical weapon'],
    ['اندلعت اشتباكات عنيفة بين قسد ومقاتلين من العشائر', B, 'Armed clash'],
    ['أطلق مسلحون مجهولون النار على حاجز للقوات الحكومية قرب البلدة', B, 'Armed clash'],
    ['رصد المرصد إطلاق نار نفذه مجهولون على دورية عسكرية', B, 'Armed clash'],
    ['هاجمت خلايا التنظيم مواقع لقوات النظام في البادية', B, 'Armed clash'],
    ['قتل عنصر من قوات النظام برصاص قناص على محور كبانة', B, 'Armed clash'],
    ['سيطرت هيئة تحرير الشام على قرية كفرنبل', B, 'Non-state actor overtakes territory'],
    ['استعادت قوات النظام السيطرة على تل الحارة', B, 'Government regains territory'],
    ['اغتال مسلحون مجهولون شابا في ريف درعا', V, 'Attack'],
    ['عثر الأهالي على جثة رجل مقتولا في البادية', V, 'Attack'],
    ['أقدم مجهولون على طعن شاب في مدينة جرمانا', V, 'Attack'],
    ['أصيب طفل برصاص قناص في حي الشيخ مقصود', V, 'Attack'],
    ['اختطف مسلحون طبيبا على طريق حلب', V, 'Abduction/forced disappearance'],
    ['شنت قوات الأمن حملة اعتقالات في مدينة الميادين', S, 'Arrests'],
    ['اعتقلت الأجهزة الأمنية ثلاثة شبان على حاجز', S, 'Arrests'],
    ['نظم العشرات وقفة احتجاجية أمام مبنى المحافظة', P, 'Peaceful protest'],
    ['خرجت مظاهرة في السويداء فرقتها القوات بإطلاق النار في الهواء', P, 'Protest with intervention'],
    [
      'أطلقت القوات الرصاص الحي على المتظاهرين ما أدى إلى مقتل شابين',
      P,
      'Excessive force against protesters',
    ],
    ['نشب شجار بين عائلتين تطور إلى إطلاق نار أسفر عن مقتل شخص', R, 'Mob violence'],
    ['اقتحم أهالي القرية منازل المتهمين وأحرقوها', R, 'Mob violence'],
    ['اقتحم مسلحون القرية وأحرقوا منازل المدنيين', S, 'Looting/property destruction'],
    ['نهب عناصر الفصائل محتويات المنازل في عفرين', S, 'Looting/property destruction'],
    ['وصلت تعزيزات عسكرية إلى قاعدة التنف', S, 'Change to group/activity'],
    ['دخل رتل عسكري تركي من معبر كفرلوسين', S, 'Change to group/activity'],
    ['رفعت القوات حالة الاستنفار في مواقعها', S, 'Change to group/activity'],
    ['انتشرت عناصر الأمن العام في أحياء المدينة', S, 'Change to group/activity'],
    ['أجرى عشرات الشبان تسوية أوضاعهم في مركز التسوية بدرعا', S, 'Agreement'],
    ['تم التوصل إلى اتفاق لوقف إطلاق النار في المدينة', S, 'Agreement'],
    ['عادت عشرات العائلات النازحة إلى قراها في ريف حماة', S, 'Other'],
    ['وأسقطت الدفاعات الجوية طائرة مسيرة فوق القاعدة', S, 'Disrupted weapons use'],
  ])('%s -> %s / %s', (sentence, eventType, subEventType) => {
    expect(classifyEvent(sentence)).toMatchObject({ eventType, subEventType });
  });

  it.each([
    ['أجرت الميليشيات تدريبات عسكرية بالذخيرة الحية والصواريخ في البادية'],
    ['سمع دوي انفجارات ناجمة عن مناورات عسكرية قرب المطار'],
    ['نفذت القوات تمرينا بالمدفعية والقذائف الصاروخية'],
  ])('drills are not shelling: %s', (sentence) => {
    expect(classifyEvent(sentence)).toMatchObject({
      eventType: 'Strategic developments',
      subEventType: 'Change to group/activity',
    });
  });

  it.each([
    ['البوكمال مدينة تقع في ريف دير الزور الشرقي'],
    ['لم تشهد المنطقة أي اشتباكات خلال اليوم'],
    ['نشر المرصد السوري تقريرا عن الأوضاع المعيشية'],
    ['وتشهد أجواء المنطقة تحليقا لطائرات الاستطلاع الروسية'],
    ['تخضع البلدة لسيطرة قوات النظام منذ سنوات'],
    ['نفت وزارة الدفاع وقوع أي قصف على المدينة'],
  ])('%s -> null', (sentence) => {
    expect(classifyEvent(sentence)).toBeNull();
  });
});
