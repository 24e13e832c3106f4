import "@/components/ui/ui.css";
import "./connect.css";

export default function ConnectLayout({ children }: { children: React.ReactNode }) {
  return children;
}
