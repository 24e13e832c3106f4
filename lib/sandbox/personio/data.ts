// Fixed demo data for the Personio simulator, in the v1 shapes (every employee attribute is
// {label, value, type, universal_id}).
type Attr = { label: string; value: unknown; type: string; universal_id: string | null };

const attr = (label: string, value: unknown, universal_id: string | null, type = "standard"): Attr => ({ label, value, type, universal_id });
const dept = (id: number, name: string) => ({ type: "Department", attributes: { id, name } });

const PEOPLE = [
  { id: 1, first: "Alexandra", last: "Berg", email: "alexandra.berg@example.com", status: "active", department: dept(281521, "Customer Support"), hire: "2020-03-01T00:00:00+01:00", position: "Team Lead", gender: "female" },
  { id: 2, first: "Jonas", last: "Krüger", email: "jonas.krueger@example.com", status: "active", department: dept(281522, "Engineering"), hire: "2022-07-15T00:00:00+02:00", position: "Developer", gender: "male" },
  { id: 3, first: "Sam", last: "Ortiz", email: "sam.ortiz@example.com", status: "inactive", department: dept(281522, "Engineering"), hire: "2018-01-02T00:00:00+01:00", position: "Developer", gender: "diverse" },
];

export function personioData() {
  const today = new Date().toISOString().slice(0, 10);
  const employees = PEOPLE.map((p) => ({
    id: attr("ID", p.id, "id", "integer"),
    first_name: attr("First name", p.first, "first_name"),
    last_name: attr("Last name", p.last, "last_name"),
    email: attr("Email", p.email, "email"),
    status: attr("Status", p.status, "status"),
    department: attr("Department", p.department, "department"),
    hire_date: attr("Hire date", p.hire, "hire_date", "date"),
    position: attr("Position", p.position, "position"),
    gender: attr("Gender", p.gender, "gender"),
  }));
  const attributes = [
    { key: "id", label: "ID", type: "standard", universal_id: "id", options: [] },
    { key: "first_name", label: "First name", type: "standard", universal_id: "first_name", options: [] },
    { key: "last_name", label: "Last name", type: "standard", universal_id: "last_name", options: [] },
    { key: "email", label: "Email", type: "standard", universal_id: "email", options: [] },
    { key: "status", label: "Status", type: "standard", universal_id: "status", options: [] },
    { key: "department", label: "Department", type: "standard", universal_id: "department", options: [] },
    { key: "hire_date", label: "Hire date", type: "standard", universal_id: "hire_date", options: [] },
    { key: "position", label: "Position", type: "standard", universal_id: "position", options: [] },
    { key: "gender", label: "Gender", type: "standard", universal_id: "gender", options: [] },
  ];
  const attendances = [
    {
      id: 1234,
      type: "AttendancePeriod",
      attributes: { employee: 1, date: today, start_time: "09:00", end_time: "17:30", break: 45, comment: "", updated_at: `${today}T17:31:00+00:00`, status: "confirmed", is_holiday: false, is_on_time_off: false, project: null },
    },
  ];
  const vacation = { type: "TimeOffType", attributes: { id: 54321, name: "Vacation", category: "offsite_work" } };
  const timeOffs = [
    {
      type: "TimeOffPeriod",
      attributes: {
        id: 12345, status: "approved", start_date: `${today}T00:00:00+00:00`, end_date: `${today}T00:00:00+00:00`, days_count: 1, half_day_start: false, half_day_end: false,
        time_off_type: vacation,
        employee: { type: "Employee", attributes: { id: employees[1]!.id, first_name: employees[1]!.first_name, last_name: employees[1]!.last_name, email: employees[1]!.email } },
        certificate: { status: "not-required" }, created_at: `${today}T08:00:00+00:00`, updated_at: `${today}T08:00:00+00:00`,
      },
    },
  ];
  const timeOffTypes = [vacation];
  const documentCategories = [
    { id: 1, type: "DocumentCategory", attributes: { name: "Certificates of employment" } },
    { id: 2, type: "DocumentCategory", attributes: { name: "Other documents" } },
  ];
  return { employees, attributes, attendances, timeOffs, timeOffTypes, documentCategories };
}
