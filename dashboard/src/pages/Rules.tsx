import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Rules() {
  return (
    <>
      <PageHeader title="Rules" />
      <Empty title="Coming soon" />
    </>
  );
}
