import { describe, expect, it } from 'vitest';
import { classifyEvent, EVENT_TYPES, parseTypeFilter, TYPE_CHOICES } from '../../src/extract/event-types.js';
import type { EventType } from '../../src/reports/types.js';

const B: EventType = 'Battles';
const E: EventType = 'Explosions/Remote violence';
const V: EventType = 'Violence against civilians';
const P: EventType = 'Protests';
const R: EventType = 'Riots';
const S: EventType = 'Strategic developments';

describe('classifyEvent', () => {
  it.each<[string, EventType, string]>([
    [
      'Militia engineers finished building new hangars at the airport.',
      'Strategic developments',
      'Headquarters or base established',
    ],
    [
      'Fighters took over a school and turned it into a barracks.',
      'Strategic developments',
      'Headquarters or base established',
    ],
    [
      'A convoy of ten fuel tankers and three pickups with armed guards crossed into the town at dawn.',
      'Strategic developments',
      'Change to group/activity',
    ],
    ['Clashes erupted between the SDF and tribal fighters near Diban.', B, 'Armed clash'],
    ['Fierce fighting raged on the edge of the town.', B, 'Armed clash'],
    ['Gunmen attacked positions of the militia east of the river.', B, 'Armed clash'],
    ['The two sides exchanged fire across the bridge.', B, 'Armed clash'],
    ['Cells of the group ambushed a patrol in the desert.', B, 'Armed clash'],
    ['Fighters attempted to storm the village but were repelled.', B, 'Armed clash'],
    ['Fighters fired rocket-propelled grenades during clashes with the army.', B, 'Armed clash'],
    ['Regime forces seized control of the village after heavy losses.', B, 'Government regains territory'],
    ['The army recaptured the hill overlooking the road.', B, 'Government regains territory'],
    ['HTS fighters captured Kafr Nabl at dawn.', B, 'Non-state actor overtakes territory'],
    ['Tribal fighters took control of three villages.', B, 'Non-state actor overtakes territory'],
    ['The rebels advanced into the northern neighbourhoods.', B, 'Non-state actor overtakes territory'],
    ['Russian warplanes carried out airstrikes on the outskirts of Idlib.', E, 'Air/drone strike'],
    ['An unidentified drone targeted a car on the highway.', E, 'Air/drone strike'],
    ['Israeli jets struck weapons depots near Damascus.', E, 'Air/drone strike'],
    ['Helicopters dropped barrel bombs on the valley.', E, 'Air/drone strike'],
    ['A kamikaze drone hit an ammunition store.', E, 'Air/drone strike'],
    ['IRGC-backed militias shelled positions near Al-Mayadin.', E, 'Shelling/artillery/missile attack'],
    ['Rockets landed on the base overnight.', E, 'Shelling/artillery/missile attack'],
    ['Mortar rounds fell on a market.', E, 'Shelling/artillery/missile attack'],
    ['Artillery pounded the southern countryside.', E, 'Shelling/artillery/missile attack'],
    ['A landmine exploded under a vehicle in the desert.', E, 'Remote explosive/landmine/IED'],
    ['A car bomb exploded in the town centre.', E, 'Remote explosive/landmine/IED'],
    ['An explosive device planted on a motorcycle went off.', E, 'Remote explosive/landmine/IED'],
    ['A suicide bomber blew himself up at a checkpoint.', E, 'Suicide bomb'],
    ['A hand grenade was thrown at a shop.', E, 'Grenade'],
    ['Chlorine was used in the attack on the town, residents said.', E, 'Chemical weapon'],
    ['Doctors treated victims of a sarin attack.', E, 'Chemical weapon'],
    ['Gunmen killed a shepherd in the eastern countryside.', V, 'Attack'],
    ['Unidentified gunmen shot dead a young man on his farm.', V, 'Attack'],
    ['The militia executed two men accused of spying.', V, 'Attack'],
    ['A local official was assassinated in the town.', V, 'Attack'],
    ['Militiamen beat a farmer who refused to pay.', V, 'Attack'],
    ['Gunmen kidnapped a doctor on the road to the city.', V, 'Abduction/forced disappearance'],
    ['Two activists were abducted and forcibly disappeared.', V, 'Abduction/forced disappearance'],
    ['A woman was raped at a checkpoint, relatives said.', V, 'Sexual violence'],
    ['Residents held a protest demanding the release of detainees.', P, 'Peaceful protest'],
    ['Teachers staged a sit-in outside the directorate.', P, 'Peaceful protest'],
    ['Security forces dispersed the demonstration with tear gas.', P, 'Protest with intervention'],
    ['Security forces opened fire on protesters, killing two.', P, 'Excessive force against protesters'],
    ['Protesters stormed the municipal building and set fire to it.', R, 'Violent demonstration'],
    ['Riots broke out in the camp after the food distribution.', R, 'Violent demonstration'],
    ['An angry mob beat a man accused of theft.', R, 'Mob violence'],
    ['Regime forces launched an arrest campaign in the town.', S, 'Arrests'],
    ['Security services detained five young men at a checkpoint.', S, 'Arrests'],
    ['Militiamen raided homes in the village at night.', S, 'Arrests'],
    ['The militias conducted military exercises in the desert.', S, 'Change to group/activity'],
    ['Fighters are being trained to fly drones at the airport.', S, 'Change to group/activity'],
    ['Drills with missiles and drones simulated strikes on the base.', S, 'Change to group/activity'],
    ['Reinforcements arrived at the airport from Iraq.', S, 'Change to group/activity'],
    ['A military convoy entered the town from the crossing.', S, 'Change to group/activity'],
    ['The group redeployed fighters to the river bank.', S, 'Change to group/activity'],
    ['The militia established a new headquarters in the school.', S, 'Headquarters or base established'],
    ['Both sides agreed to a ceasefire in the district.', S, 'Agreement'],
    ['A prisoner exchange took place at the crossing.', S, 'Agreement'],
    ['Fighters looted shops and burned houses in the village.', S, 'Looting/property destruction'],
    [
      'Gunmen broke into empty homes and carried away doors and water tanks.',
      'Strategic developments',
      'Looting/property destruction',
    ],
    [
      'Militiamen stole livestock from shepherds near the village.',
      'Strategic developments',
      'Looting/property destruction',
    ],
    ['Bulldozers demolished homes near the camp.', S, 'Looting/property destruction'],
    ['The SDF withdrew and handed over its positions to the army.', S, 'Non-violent transfer of territory'],
    ['Air defences intercepted several missiles over the capital.', S, 'Disrupted weapons use'],
    ['Engineers dismantled an explosive device planted on the road.', S, 'Disrupted weapons use'],
    ['A drone was shot down over the base.', S, 'Disrupted weapons use'],
    ['The commander inspected the new positions.', S, 'Other'],
  ])('%s -> %s / %s', (sentence, eventType, subEventType) => {
    const result = classifyEvent(sentence);
    expect(result).toMatchObject({ eventType, subEventType });
    expect(result!.confidence).toBeGreaterThan(0);
    expect(result!.confidence).toBeLessThanOrEqual(1);
    expect(EVENT_TYPES.find((t) => t.eventType === eventType)!.subEventTypes).toContain(subEventType);
  });

  it.each([
    ['The coalition prepared for any anticipated attack on its base.'],
    ['Drones that might target the base were monitored.'],
    ['No clashes were reported in the area.'],
    ['Clashes did not break out despite the tension.'],
    ['Militias are planning an offensive on the town.'],
    ['The town may witness fighting between the two sides.'],
    ['Officials warned of possible airstrikes in the coming days.'],
    ['The weather was calm in the city.'],
    ['The group released a statement about its finances.'],
    ['Farmers began the harvest near the river.'],
  ])('%s -> null', (sentence) => {
    expect(classifyEvent(sentence)).toBeNull();
  });

  it.each([
    ['The coalition conducted drills to counter any attack by drones.'],
    ['Forces trained in anticipation of any attack on the base.'],
  ])('hypothetical violence inside drill reports is not a battle: %s', (sentence) => {
    expect(classifyEvent(sentence)?.eventType).not.toBe('Battles');
  });
});

describe('classifyEvent: wording from daily conflict reports', () => {
  it.each<[string, EventType, string]>([
    ['Regime snipers shot two civilians in the old quarter.', V, 'Attack'],
    ['A boy was wounded by sniper fire while crossing the road.', V, 'Attack'],
    ['Sniper fire killed an SDF fighter on the front line.', B, 'Armed clash'],
    ['A young man was stabbed to death in his shop.', V, 'Attack'],
    ['The bodies of three shepherds were found in the desert.', V, 'Attack'],
    ['Two men were found dead near the highway with gunshot wounds.', V, 'Attack'],
    ['Villagers discovered the body of a missing farmer.', V, 'Attack'],
    ['Terrorists shot Rami Haddad outside his house.', V, 'Attack'],
    ['A fight broke out between two families and ended in gunfire.', R, 'Mob violence'],
    ['A tribal dispute over land escalated into shooting.', R, 'Mob violence'],
    ['A quarrel between militia fighters at a checkpoint turned into a gunfight.', B, 'Armed clash'],
    ['Security forces launched a combing operation in the eastern neighbourhoods.', S, 'Arrests'],
    ['The army began an arrest campaign in the villages after the attack.', S, 'Arrests'],
    ['ISIS militants detained a group of villagers.', V, 'Abduction/forced disappearance'],
    ['Gunmen stormed the village and set fire to houses.', S, 'Looting/property destruction'],
    ['Angry villagers stormed and burned the homes of the accused men.', R, 'Mob violence'],
    ['Fighters stormed the checkpoint at dawn.', B, 'Armed clash'],
    ['The churches in the two villages have been torched.', S, 'Looting/property destruction'],
    ['Dozens of displaced families returned to their villages.', S, 'Other'],
    ['A convoy of buses carrying evacuees left the besieged town.', S, 'Other'],
    ['Militias raised their state of alert across the city.', S, 'Change to group/activity'],
    ['The forces were placed on high alert in the city.', S, 'Change to group/activity'],
    ['The army sent reinforcements to the base overnight.', S, 'Change to group/activity'],
    ['The regime withdrew a number of fighter planes from the airbase.', S, 'Change to group/activity'],
    ['Russian jets halted airstrikes on the city for two days.', S, 'Change to group/activity'],
    ['A military helicopter crashed due to a technical failure.', S, 'Other'],
    ['A regime helicopter was shot down over the province.', S, 'Disrupted weapons use'],
    ['Dozens of gunmen turned themselves in and handed over their weapons.', S, 'Agreement'],
    ['Former fighters signed a settlement agreement with the government.', S, 'Agreement'],
    ['A truce came into force at midnight.', S, 'Agreement'],
    ['The government agreed to hand over its chemical weapons stockpile.', S, 'Agreement'],
    ['The evacuations were taking place under a deal between the two sides.', S, 'Agreement'],
    ['A regime warplane launched four raids on homes in the town centre.', E, 'Air/drone strike'],
    ['Nine people were killed in strikes on the province on Thursday.', E, 'Air/drone strike'],
    ['Russia bombed a crowded market in the town.', E, 'Air/drone strike'],
    ['The air force targeted hideouts of the group east of the city.', E, 'Air/drone strike'],
    ['The army carried out artillery shelling on the hills.', E, 'Shelling/artillery/missile attack'],
    ['Rebels fired rocket shells on the neighbourhood, killing two.', E, 'Shelling/artillery/missile attack'],
    ['An explosion rocked the town centre, killing four people.', E, 'Remote explosive/landmine/IED'],
    ['A man drove a van packed with explosives into the hospital gate.', E, 'Suicide bomb'],
    [
      'Insurgents captured government-held positions outside the town.',
      B,
      'Non-state actor overtakes territory',
    ],
    ['The group captured eight villages from rival rebels.', B, 'Non-state actor overtakes territory'],
    ['Government troops seized a hilltop overlooking the supply road.', B, 'Government regains territory'],
    ['Thirty fighters were killed in battles around the farms since Wednesday.', B, 'Armed clash'],
    ['The coalition began its assault on the two villages on Wednesday.', B, 'Armed clash'],
    ['Army units destroyed a convoy of militant vehicles in the countryside.', B, 'Armed clash'],
    ['Kurdish forces killed at least 175 militants in the offensive.', B, 'Armed clash'],
    ['Protesters chanted against the faction leaders in the square.', P, 'Peaceful protest'],
    [
      'Security forces and snipers fired on crowds of demonstrators.',
      P,
      'Excessive force against protesters',
    ],
  ])('%s -> %s / %s', (sentence, eventType, subEventType) => {
    expect(classifyEvent(sentence)).toMatchObject({ eventType, subEventType });
  });

  it.each([
    ['Military exercises with live ammunition, artillery and missiles were held near the airport.'],
    ['Explosions heard in the area came from military drills at the base.'],
    ['Loud blasts were heard during a training exercise with rocket launchers.'],
    ['The militia trained fighters to fire mortars and guided missiles.'],
    ['Joint drills simulated a missile attack on the crossing.'],
  ])('drills are not shelling: %s', (sentence) => {
    expect(classifyEvent(sentence)).toMatchObject({
      eventType: 'Strategic developments',
      subEventType: 'Change to group/activity',
    });
  });

  it.each([
    ['Al-Mayadin is a town in the countryside of Deir ez-Zor.'],
    ['The village lies along the ceasefire line with the Golan Heights.'],
    ['The war began in 2011 with a crackdown on peaceful protests.'],
    ['More than 300000 people have been killed since the conflict erupted after protests in 2011.'],
    ['The province is regularly targeted in air strikes.'],
    ['The brief lull in regime bombing gave residents some relief.'],
    ['Officials called for an end to the bombardment of the city.'],
    ['The move has been protested by Damascus.'],
    ['Footage showed firefighters training water hoses on a burning building.'],
    ['Rescuers saw the burned-out remains of cars in the street.'],
    ['A building was demolished after the attack, trapping victims.'],
    ['Russian warplanes delivered aid in airdrops over the city.'],
    ['The fighters were armed with rifles and hand grenades.'],
    ['It is hard to destroy every mortar and rocket battery.'],
    ['Negotiations on a truce for the district are under way.'],
    ['The group is regarded as the most effective fighting force against IS.'],
  ])('%s -> null', (sentence) => {
    expect(classifyEvent(sentence)).toBeNull();
  });
});

describe('EVENT_TYPES', () => {
  it('lists the six ACLED event types once each', () => {
    const names = EVENT_TYPES.map((t) => t.eventType);
    expect(new Set(names).size).toBe(6);
    expect(EVENT_TYPES.flatMap((t) => t.subEventTypes)).toHaveLength(25);
  });
});

describe('parseTypeFilter', () => {
  it.each<[string, EventType[] | null]>([
    ['battles', [B]],
    ['Clashes', [B]],
    ['explosions', [E]],
    ['airstrikes', [E]],
    ['air strikes', [E]],
    ['drone-strikes', [E]],
    ['shelling', [E]],
    ['civilians', [V]],
    ['violence', [V]],
    ['protests', [P]],
    ['riots', [R]],
    ['strategic', [S]],
    ['arrests', [S]],
    ['exercises', [S]],
    ['Strategic developments', [S]],
    ['Explosions/Remote violence', [E]],
    ['violence against civilians', [V]],
    ['shelling, battles', [B, E]],
    ['battles+arrests', [B, S]],
    ['protests and riots', [P, R]],
    ['political violence', [B, E, V]],
    ['demonstrations', [P, R]],
    ['all', [B, E, V, P, R, S]],
    ['shelling shelling', [E]],
    ['', null],
    ['   ', null],
    ['weather', null],
    ['battles, weather', null],
    ['@everyone', null],
  ])('%j -> %j', (text, expected) => {
    expect(parseTypeFilter(text)).toEqual(expected);
  });
});

describe('TYPE_CHOICES', () => {
  it('fits Discord limits and every value parses', () => {
    expect(TYPE_CHOICES.length).toBeLessThanOrEqual(25);
    expect(new Set(TYPE_CHOICES.map((c) => c.value)).size).toBe(TYPE_CHOICES.length);
    for (const c of TYPE_CHOICES) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(parseTypeFilter(c.value)).not.toBeNull();
    }
  });

  it('offers every event type on its own', () => {
    const single = TYPE_CHOICES.map((c) => parseTypeFilter(c.value)).filter((t) => t?.length === 1);
    expect(single.map((t) => t![0]).sort()).toEqual(EVENT_TYPES.map((t) => t.eventType).sort());
  });
});
