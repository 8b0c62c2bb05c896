import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Billing() {
  return (
    <>
      <PageHeader title="Billing" />
      <Empty title="Coming soon" />
    </>
  );
}
