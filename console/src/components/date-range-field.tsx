import { getLocalTimeZone, type CalendarDate } from '@internationalized/date';
import {
  Button,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DateRangePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
  RangeCalendar,
} from 'react-aria-components';

export interface DateRange {
  start: CalendarDate;
  end: CalendarDate;
}

/** A date range typed segment by segment or picked on a calendar (React Aria: keyboard and screen readers). */
export function DateRangeField(props: {
  label: string;
  value: DateRange | null;
  onChange: (r: DateRange | null) => void;
}) {
  return (
    <DateRangePicker className="date-range" value={props.value} onChange={(r) => props.onChange(r)}>
      <Label className="field-label">{props.label}</Label>
      <Group className="date-range-group">
        <DateInput slot="start" className="date-input">
          {(s) => <DateSegment segment={s} className="date-segment" />}
        </DateInput>
        <span aria-hidden="true">–</span>
        <DateInput slot="end" className="date-input">
          {(s) => <DateSegment segment={s} className="date-segment" />}
        </DateInput>
        <Button className="button secondary small">▾</Button>
      </Group>
      <Popover className="popover">
        <Dialog className="dialog">
          <RangeCalendar>
            <header className="calendar-header">
              <Button slot="previous" className="button secondary small">
                ◀
              </Button>
              <Heading />
              <Button slot="next" className="button secondary small">
                ▶
              </Button>
            </header>
            <CalendarGrid className="calendar-grid">
              {(date) => <CalendarCell date={date} className="calendar-cell" />}
            </CalendarGrid>
          </RangeCalendar>
        </Dialog>
      </Popover>
    </DateRangePicker>
  );
}

/** The range as the API's [from, to): local midnight of the first day to local midnight after the last. */
export function rangeToInterval(r: DateRange | null): { from?: string; to?: string } {
  if (!r) return {};
  const tz = getLocalTimeZone();
  return { from: r.start.toDate(tz).toISOString(), to: r.end.add({ days: 1 }).toDate(tz).toISOString() };
}
