import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Funnel() {
  return (
    <>
      <PageHeader title="Funnel" />
      <Empty title="Coming soon" />
    </>
  );
}
