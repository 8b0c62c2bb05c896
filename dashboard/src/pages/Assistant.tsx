import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Assistant() {
  return (
    <>
      <PageHeader title="Assistant" />
      <Empty title="Coming soon" />
    </>
  );
}
