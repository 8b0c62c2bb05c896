import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Platforms() {
  return (
    <>
      <PageHeader title="Platforms" />
      <Empty title="Coming soon" />
    </>
  );
}
