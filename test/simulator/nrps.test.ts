import { expect } from 'chai';
import { createDemoDistrict, LIS_ROLES, LmsSimulator, LTI_SCOPES, type DemoDistrict } from '../../src/simulator';
import { FakeTool } from './fakeTool';

interface Page {
  status: number;
  link: string | null;
  contentType: string | null;
  body: { id: string; context: Record<string, string>; members: Array<Record<string, unknown>> };
}

async function getPage(url: string, token: string): Promise<Page> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' } });
  return { status: res.status, link: res.headers.get('link'), contentType: res.headers.get('content-type'), body: await res.json() as Page['body'] };
}

function nextUrl(link: string | null): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

describe('simulator: Names and Role Provisioning Services', () => {
  const canvasLike = new LmsSimulator({ nrpsPageSize: 2 });
  const moodleLike = new LmsSimulator({ shortRoleNames: true });
  let tool: FakeTool;
  let moodleTool: FakeTool;
  let district: DemoDistrict;
  let membershipsUrl: string;

  before(async () => {
    await Promise.all([canvasLike.start(), moodleLike.start()]);
    district = createDemoDistrict(canvasLike);
    createDemoDistrict(moodleLike);
    tool = new FakeTool(canvasLike);
    moodleTool = new FakeTool(moodleLike);
    await Promise.all([tool.start(), moodleTool.start()]);
    canvasLike.registerTool(tool.registration());
    moodleLike.registerTool(moodleTool.registration());
    membershipsUrl = `${canvasLike.issuer}/api/lti/courses/${district.courseId}/names_and_roles`;
  });
  after(async () => {
    await Promise.all([tool.stop(), moodleTool.stop()]);
    await Promise.all([canvasLike.stop(), moodleLike.stop()]);
  });

  it('pages 9 members 2 at a time with Link rel="next" (5 pages), full role URIs', async () => {
    const token = await tool.accessToken([LTI_SCOPES.nrps]);
    const pages: Page[] = [];
    let url: string | undefined = membershipsUrl;
    while (url) {
      const page = await getPage(url, token);
      pages.push(page);
      url = nextUrl(page.link);
    }
    expect(pages).to.have.length(5);
    expect(pages[0]?.contentType).to.equal('application/vnd.ims.lti-nrps.v2.membershipcontainer+json; charset=utf-8');
    expect(pages[0]?.link).to.match(/^<http:\/\/127\.0\.0\.1:\d+\/api\/lti\/courses\/coach-pd-2026\/names_and_roles\?limit=2&from=2>; rel="next"$/);
    expect(pages[4]?.link).to.equal(null);
    const members = pages.flatMap((p) => p.body.members);
    expect(members).to.have.length(9);
    expect(pages[0]?.body.context).to.deep.equal({ id: 'coach-pd-2026', label: 'COACH26', title: 'Instructional Coaching 2026' });
    expect(pages[0]?.body.id).to.equal(membershipsUrl);
    const coach = members.find((m) => m.user_id === district.coach);
    expect(coach).to.include({ status: 'Active', name: 'Maya Okafor', email: 'maya.okafor@riverbend.example.org' });
    expect(coach?.roles).to.deep.equal([LIS_ROLES.instructor]);
  });

  it('honours limit and filters by full role URI; a short role name matches nothing (like Canvas)', async () => {
    const token = await tool.accessToken([LTI_SCOPES.nrps]);
    const learners = await getPage(`${membershipsUrl}?role=${encodeURIComponent(LIS_ROLES.learner)}&limit=10`, token);
    expect(learners.body.members).to.have.length(6);
    expect(learners.link).to.equal(null);
    const short = await getPage(`${membershipsUrl}?role=Learner`, token);
    expect(short.status).to.equal(200);
    expect(short.body.members).to.deep.equal([]);
    expect((await getPage(`${membershipsUrl}?limit=0`, token)).status).to.equal(400);
  });

  it('reports inactive enrollments and drops unenrolled people', async () => {
    const token = await tool.accessToken([LTI_SCOPES.nrps]);
    const [first, second] = district.teachers;
    canvasLike.enroll(district.courseId, String(first), [LIS_ROLES.learner], 'Inactive');
    canvasLike.unenroll(district.courseId, String(second));
    try {
      const all = await getPage(`${membershipsUrl}?limit=50`, token);
      expect(all.body.members).to.have.length(8);
      expect(all.body.members.find((m) => m.user_id === first)?.status).to.equal('Inactive');
      expect(all.body.members.find((m) => m.user_id === second)).to.equal(undefined);
    } finally {
      canvasLike.enroll(district.courseId, String(first), [LIS_ROLES.learner]);
      canvasLike.enroll(district.courseId, String(second), [LIS_ROLES.learner]);
    }
  });

  it('returns short role names in Moodle mode, with the default page size of 50', async () => {
    const token = await moodleTool.accessToken([LTI_SCOPES.nrps]);
    const page = await getPage(`${moodleLike.issuer}/api/lti/courses/coach-pd-2026/names_and_roles`, token);
    expect(page.body.members).to.have.length(9);
    expect(page.link).to.equal(null);
    const roles = page.body.members.map((m) => (m.roles as string[])[0]);
    expect(roles).to.include.members(['Instructor', 'Learner', 'Administrator', 'Mentor']);
  });

  it('enforces the bearer token and its scope (401 / 403)', async () => {
    expect((await fetch(membershipsUrl)).status).to.equal(401);
    expect((await getPage(membershipsUrl, 'not-a-token')).status).to.equal(401);
    const scoreOnly = await tool.accessToken([LTI_SCOPES.score]);
    const forbidden = await fetch(membershipsUrl, { headers: { authorization: `Bearer ${scoreOnly}` } });
    expect(forbidden.status).to.equal(403);
    expect(forbidden.headers.get('www-authenticate')).to.contain('insufficient_scope');
    const token = await tool.accessToken([LTI_SCOPES.nrps]);
    expect((await getPage(`${canvasLike.issuer}/api/lti/courses/nope/names_and_roles`, token)).status).to.equal(404);
  });
});
