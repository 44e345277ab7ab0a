// Reads .ics files as Thunderbird does (ical.js, using only the files' own VTIMEZONEs)
// and prints, for each file, every VEVENT's UID with its start and end in UTC (ISO 8601).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = process.argv.slice(2).map((path) => {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const utc = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "+00:00");
    return { uid: event.uid, start: utc(event.startDate), end: utc(event.endDate),
             tzid: event.startDate.zone ? event.startDate.zone.tzid : null };
  });
});
process.stdout.write(JSON.stringify(out));
