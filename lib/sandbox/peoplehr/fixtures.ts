// Made-up company data the Access People HR simulator serves. Shapes follow the official swagger
// (`provider-specs/peoplehr.swagger.json`): every employee field is wrapped as
// `{ DisplayValue, FieldHistory }` (Company/Location/Department/EmploymentType use
// `FieldHistoryForEffectiveDate`, JobRole `FieldHistoryForJobRole`); absences, holidays, documents
// and vacancies are flat rows. GetAllEmployeeDetail returns no history ("deprecated"), so the
// history arrays are empty.

type Wrapped = { DisplayValue: string; FieldHistory: never[] };
type WrappedEffective = { DisplayValue: string; FieldHistoryForEffectiveDate: never[] };

const w = (value: string): Wrapped => ({ DisplayValue: value, FieldHistory: [] });
const we = (value: string): WrappedEffective => ({ DisplayValue: value, FieldHistoryForEffectiveDate: [] });

type Person = {
  id: string;
  title: string;
  first: string;
  last: string;
  email: string;
  start: string;
  role: string;
  department: string;
  location: string;
  reportsTo?: string;
  leaving?: { date: string; reason: string };
};

const people: Person[] = [
  { id: "PW1", title: "Ms.", first: "Amelia", last: "Hart", email: "amelia.hart@northwind.example", start: "2016-03-01", role: "Managing Director", department: "Leadership", location: "Leeds" },
  { id: "PW2", title: "Mr.", first: "Oliver", last: "Bennett", email: "oliver.bennett@northwind.example", start: "2018-09-17", role: "Head of People", department: "People", location: "Leeds", reportsTo: "PW1" },
  { id: "PW3", title: "Ms.", first: "Priya", last: "Shah", email: "priya.shah@northwind.example", start: "2020-01-06", role: "Software Engineer", department: "Engineering", location: "Manchester", reportsTo: "PW1" },
  { id: "PW4", title: "Mr.", first: "Tomasz", last: "Nowak", email: "tomasz.nowak@northwind.example", start: "2021-05-04", role: "Account Manager", department: "Sales", location: "Leeds", reportsTo: "PW1" },
  { id: "PW5", title: "Mx.", first: "Sam", last: "Okafor", email: "sam.okafor@northwind.example", start: "2022-11-14", role: "Designer", department: "Engineering", location: "Remote", reportsTo: "PW3" },
  { id: "PW6", title: "Mr.", first: "Daniel", last: "Reyes", email: "daniel.reyes@northwind.example", start: "2019-02-11", role: "Support Lead", department: "Support", location: "Leeds", reportsTo: "PW2", leaving: { date: "2025-08-29", reason: "Relocation" } },
];

const byId = new Map(people.map((p) => [p.id, p]));

function employeeRecord(p: Person) {
  const manager = p.reportsTo ? byId.get(p.reportsTo) : undefined;
  return {
    EmployeeId: w(p.id),
    Title: w(p.title),
    FirstName: w(p.first),
    LastName: w(p.last),
    OtherName: w(""),
    KnownAs: w(p.first),
    EmailId: w(p.email),
    StartDate: w(p.start),
    JobRole: { DisplayValue: p.role, FieldHistoryForJobRole: [] },
    Company: we("Northwind Trading Ltd"),
    Location: we(p.location),
    Department: we(p.department),
    // Someone who reports to nobody has no manager fields (an empty e-mail would not be one).
    ...(manager
      ? {
          ReportsTo: we(`${manager.first} ${manager.last}`),
          ReportsToEmployeeId: { DisplayValue: manager.id },
          ReportsToEmailAddress: { DisplayValue: manager.email },
        }
      : {}),
    EmploymentType: we("Full Time"),
    EmployeeStatus: { DisplayValue: "1" },
    HolidayAllowanceDays: { DisplayValue: "25.00" },
    HolidayAllowanceMins: { DisplayValue: "0" },
    LeavingDate: p.leaving?.date ?? "",
    ReasonForLeaving: p.leaving?.reason ?? "",
    EmployeeImage: "",
    APIColumn1: "",
    APIColumn2: "",
    APIColumn3: "",
    APIColumn4: "",
    APIColumn5: "",
  };
}

export type SandboxEmployee = ReturnType<typeof employeeRecord>;

export function employees(includeLeavers: boolean): SandboxEmployee[] {
  return people.filter((p) => includeLeavers || !p.leaving).map(employeeRecord);
}

export function employeeById(id: string): SandboxEmployee | undefined {
  const p = byId.get(id);
  return p ? employeeRecord(p) : undefined;
}

export function employeeExists(id: string): boolean {
  return byId.has(id);
}

/** Sickness and other absences (People HR's "Absence" area; holidays are separate). */
const absenceRows: Record<string, Array<Record<string, unknown>>> = {
  PW1: [
    { StartDate: "2025-02-03", EndDate: "2025-02-04", DurationDays: 2, DurationInDaysThisPeriod: 2, PartOfDay: "AM", Reason: "Flu", Comments: [], AbsencePaidStatus: 1, BackToWorkInterviewRequried: false, EmergencyLeave: false },
    { StartDate: "2026-01-12", EndDate: "2026-01-12", DurationDays: 1, DurationInDaysThisPeriod: 1, PartOfDay: "AM", Reason: "Dentist", Comments: [], AbsencePaidStatus: 1, BackToWorkInterviewRequried: false, EmergencyLeave: false },
  ],
  PW3: [
    { StartDate: "2025-10-20", EndDate: "2025-10-22", DurationDays: 3, DurationInDaysThisPeriod: 3, PartOfDay: "AM", Reason: "Back pain", Comments: [], AbsencePaidStatus: 1, BackToWorkInterviewRequried: true, EmergencyLeave: false },
  ],
};

const holidayRows: Record<string, Array<Record<string, unknown>>> = {
  PW1: [
    { StartDate: "2025-08-04", EndDate: "2025-08-15", DurationType: 1, DurationInDays: 10, DurationInMinutes: 4500, DurationInDaysThisPeriod: 10, DurationInMinutesThisPeriod: 4500, PartOfDay: "AM", RequesterComments: "Summer", ApproverComments: "Auto Approved", Approver: "Oliver Bennett", Status: "Approved", LastActionDateTime: "2025-06-02 09:14:00", IsToilHoliday: false },
    { StartDate: "2026-04-06", EndDate: "2026-04-10", DurationType: 1, DurationInDays: 5, DurationInMinutes: 2250, DurationInDaysThisPeriod: 5, DurationInMinutesThisPeriod: 2250, PartOfDay: "AM", RequesterComments: "Easter", ApproverComments: "", Approver: "Oliver Bennett", Status: "Submitted", LastActionDateTime: "2026-02-20 16:40:00", IsToilHoliday: false },
  ],
  PW4: [
    { StartDate: "2025-12-22", EndDate: "2025-12-31", DurationType: 1, DurationInDays: 6, DurationInMinutes: 2700, DurationInDaysThisPeriod: 6, DurationInMinutesThisPeriod: 2700, PartOfDay: "AM", RequesterComments: "", ApproverComments: "Enjoy", Approver: "Amelia Hart", Status: "Approved", LastActionDateTime: "2025-11-03 11:02:00", IsToilHoliday: false },
  ],
};

const documentRows: Record<string, Array<Record<string, unknown>>> = {
  PW1: [
    { EmployeeId: 1, DocumentId: 129541, DocumentName: "Contract.pdf", URL: "https://sandbox.invalid/documents/129541", Comments: "Signed", EmployeeAccess: true, ManagerAccess: false, SignRequired: false, Category: "Contract", AddedOn: "Tue, 01 Mar 2016" },
  ],
  PW3: [
    { EmployeeId: 3, DocumentId: 129877, DocumentName: "Fit note.pdf", URL: "https://sandbox.invalid/documents/129877", Comments: "", EmployeeAccess: true, ManagerAccess: true, SignRequired: false, Category: "Absence", AddedOn: "Thu, 23 Oct 2025" },
  ],
};

function overlaps(row: Record<string, unknown>, from?: string, to?: string): boolean {
  const start = String(row.StartDate);
  const end = String(row.EndDate);
  return (!to || start <= to) && (!from || end >= from);
}

export function absences(employeeId: string, from: string, to: string) {
  return (absenceRows[employeeId] ?? []).filter((r) => overlaps(r, from, to));
}

export function holidays(employeeId: string, from?: string, to?: string) {
  return (holidayRows[employeeId] ?? []).filter((r) => overlaps(r, from, to));
}

export function documents(employeeId: string) {
  return documentRows[employeeId] ?? [];
}

export function vacancies() {
  return [
    { VacancyName: "Backend Engineer", VacancyDescription: "Build our payroll integrations.", Company: "Northwind Trading Ltd", Location: "Manchester", Department: "Engineering", Status: 2, ClosingDate: "2026-12-31", Reference: "VA4", SalaryRange: "55000-70000", JobDescription: "TypeScript, Postgres", IsHideSalary: false, JobTitle: "Software Engineer", VacancyType: "External", City: "Manchester", Country: "United Kingdom" },
    { VacancyName: "People Partner", VacancyDescription: "Support our growing teams.", Company: "Northwind Trading Ltd", Location: "Leeds", Department: "People", Status: 2, ClosingDate: "2026-10-15", Reference: "VA7", SalaryRange: "40000", JobDescription: "Generalist HR", IsHideSalary: true, JobTitle: "People Partner", VacancyType: "Both", City: "Leeds", Country: "United Kingdom" },
  ];
}
