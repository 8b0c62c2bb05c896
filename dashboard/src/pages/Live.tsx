import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Live() {
  return (
    <>
      <PageHeader title="Live" />
      <Empty title="Coming soon" />
    </>
  );
}
