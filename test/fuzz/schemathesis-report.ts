// What the fuzz suite reads from schemathesis's JSON report (`--report json`) and how it prints it.

/** One kind of failure schemathesis found (`ST100 Server error`), with where. */
export interface FailureKind {
  code: string;
  title: string;
  count: number;
  operations: string[];
}

/** A service's run, as the suite reports it. */
export interface FuzzSummary {
  service: string;
  testCases: number;
  failures: FailureKind[];
  errors: string[];
  stopReason: string;
  seconds: number;
}

interface ReportFile {
  running_time: number;
  stop_reason: string;
  test_cases: { generated: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: unknown[];
}

/** The summary of one service's JSON report. */
export function summaryOf(service: string, reportText: string): FuzzSummary {
  const report = JSON.parse(reportText) as ReportFile;
  return {
    service,
    testCases: report.test_cases.generated,
    failures: report.failures.map(({ code, title, count, operations }) => ({
      code,
      title,
      count,
      operations,
    })),
    errors: report.errors.map((error) => JSON.stringify(error).slice(0, 300)),
    stopReason: report.stop_reason,
    seconds: Math.round(report.running_time),
  };
}

/** The failures of a summary in one line each: `ST100 Server error ×3: POST /api/v1/signals, …`. */
export function failureLines(summary: FuzzSummary): string[] {
  return [
    ...summary.failures.map(
      (kind) => `${kind.code} ${kind.title} ×${kind.count}: ${kind.operations.join(', ')}`,
    ),
    ...summary.errors.map((error) => `error: ${error}`),
  ];
}

/** A table of every service's run: test cases sent, failures by kind. */
export function summaryTable(summaries: readonly FuzzSummary[]): string {
  const codes = [
    ...new Set(summaries.flatMap((summary) => summary.failures.map((kind) => kind.code))),
  ].sort();
  const header = ['service', 'cases', 'seconds', ...codes, 'errors'];
  const rows = summaries.map((summary) => [
    summary.service,
    String(summary.testCases),
    String(summary.seconds),
    ...codes.map((code) => String(summary.failures.find((kind) => kind.code === code)?.count ?? 0)),
    String(summary.errors.length),
  ]);
  const titles = new Map(
    summaries.flatMap((summary) => summary.failures.map((kind) => [kind.code, kind.title])),
  );
  const widths = header.map((name, column) =>
    Math.max(name.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '',
    ...[...titles].map(([code, title]) => `${code}: ${title}`),
  ].join('\n');
}
