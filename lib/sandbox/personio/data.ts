// Fixed demo data for the Personio simulator: the v2 shapes (persons, employments, attendance and
// absence periods) and the v1 shapes still served (every v1 employee attribute is
// {label, value, type, universal_id}). The same three people in both.
type Attr = { label: string; value: unknown; type: string; universal_id: string | null };

const attr = (label: string, value: unknown, universal_id: string | null, type = "standard"): Attr => ({ label, value, type, universal_id });
const dept = (id: number, name: string) => ({ type: "Department", attributes: { id, name } });

const PEOPLE = [
  { id: 1, first: "Alexandra", last: "Berg", email: "alexandra.berg@example.com", status: "active", department: dept(281521, "Customer Support"), hire: "2020-03-01T00:00:00+01:00", position: "Team Lead", gender: "female" },
  { id: 2, first: "Jonas", last: "Krüger", email: "jonas.krueger@example.com", status: "active", department: dept(281522, "Engineering"), hire: "2022-07-15T00:00:00+02:00", position: "Developer", gender: "male" },
  { id: 3, first: "Sam", last: "Ortiz", email: "sam.ortiz@example.com", status: "inactive", department: dept(281522, "Engineering"), hire: "2018-01-02T00:00:00+01:00", position: "Developer", gender: "diverse" },
];

const employmentId = (personId: number) => `9d2f4b1e-7c3a-4e8f-b6d5-00000000000${personId}`;

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
  const documentCategories = [
    { id: 1, type: "DocumentCategory", attributes: { name: "Certificates of employment" } },
    { id: 2, type: "DocumentCategory", attributes: { name: "Other documents" } },
  ];
  // v2 (docs/providers/personio.md, "v2 resources"). Ids: persons numeric strings, the rest UUIDs.
  const persons = PEOPLE.map((p) => ({
    id: String(p.id),
    first_name: p.first,
    last_name: p.last,
    preferred_name: p.first,
    email: p.email,
    gender: p.gender.toUpperCase(),
    status: p.status.toUpperCase(),
    created_at: "2024-01-02T09:00:00Z",
    updated_at: `${today}T08:00:00Z`,
    custom_attributes: [] as unknown[],
    employments: [{ id: employmentId(p.id) }],
  }));
  const employments = PEOPLE.map((p) => ({
    personId: String(p.id),
    employment: { id: employmentId(p.id), position: { title: p.position }, status: p.status.toUpperCase(), employment_start_date: p.hire.slice(0, 10) },
  }));
  const attendancePeriods = [
    { id: "6f1c2a4e-0b7d-4c1e-9a51-2f3d4e5a6b7c", person: { id: "1" }, type: "WORK", start: { date_time: `${today}T09:00:00` }, end: { date_time: `${today}T17:30:00` }, comment: "", project: null, status: "CONFIRMED", updated_at: `${today}T17:31:00Z` },
    { id: "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d", person: { id: "1" }, type: "BREAK", start: { date_time: `${today}T12:00:00` }, end: { date_time: `${today}T12:45:00` }, comment: "", project: null, status: "CONFIRMED", updated_at: `${today}T17:31:00Z` },
    { id: "1b2c3d4e-5f60-4718-a9b0-c1d2e3f4a5b6", person: { id: "2" }, type: "WORK", start: { date_time: `${today}T08:00:00` }, end: null, comment: "", project: null, status: "PENDING", updated_at: `${today}T08:01:00Z` },
  ];
  const absencePeriods = [
    {
      id: "3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d",
      person: { id: "2" },
      absence_type: { id: "5e4d3c2b-1a09-4f8e-a7d6-c5b4a3928170" },
      starts_from: { date_time: `${today}T00:00:00`, type: "FIRST_HALF" },
      ends_at: { date_time: `${today}T23:59:59` },
      timezone_id: "Europe/Berlin",
      approval: { status: "APPROVED" },
      comment: "",
      created_at: `${today}T08:00:00Z`,
      updated_at: `${today}T08:00:00Z`,
    },
  ];
  return { employees, attributes, documentCategories, persons, employments, attendancePeriods, absencePeriods };
}
