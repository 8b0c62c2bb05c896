import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Events() {
  return (
    <>
      <PageHeader title="Events" />
      <Empty title="Coming soon" />
    </>
  );
}
