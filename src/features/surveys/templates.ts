/**
 * Ready-made surveys, written for CoachLoop from the themes of the coaching program research
 * (../shared/seeds): how much teachers and students use technology and for what, whether
 * professional learning fits, confidence, and the perceived effect on students; coaching as a
 * voluntary, non-evaluative partnership; progress on the teacher's own classroom challenge.
 *
 * A beginning-of-year and an end-of-year version ask their shared questions with the same
 * compare_key, kind and options, so results can be set side by side. Every template passes the
 * same checks as a survey about to be published (see templates.test.ts).
 */
import type { AudienceRole, CoachingFilter, SurveyKind } from './catalog';
import type { QuestionDefinition } from './schema';

export interface SurveyTemplate {
  key: string;
  title: string;
  description: string;
  kind: SurveyKind;
  audienceRoles: AudienceRole[];
  audienceCoaching: CoachingFilter;
  anonymous: boolean;
  editUntilClose: boolean;
  questions: QuestionDefinition[];
}

const HOW_OFTEN = ['Never', 'A few times a year', 'About once a month', 'About once a week', 'Several times a week', 'Every day'];

const agree = (compareKey: string, prompt: string, required = true): QuestionDefinition => ({ kind: 'likert5', prompt, required, compareKey });
const often = (compareKey: string, prompt: string, required = true): QuestionDefinition => ({ kind: 'single', prompt, required, options: HOW_OFTEN, compareKey });
const text = (prompt: string, long = true): QuestionDefinition => ({ kind: long ? 'long_text' : 'short_text', prompt, required: false });

/** The questions teachers answer at both ends of the year. */
const TEACHER_SHARED: QuestionDefinition[] = [
  often('teacher.tech_use', 'How often do you use technology while teaching (to present, model, give feedback or run activities)?'),
  often('teacher.student_tech_use', 'How often do your students use technology themselves as part of their learning in your class?'),
  { kind: 'number', prompt: 'In a typical week, about how many hours do your students spend learning with technology in your class?', help: 'A rough estimate is fine.', required: false, min: 0, max: 60, compareKey: 'teacher.student_tech_hours' },
  often('teacher.use_collaborate', 'How often do your students use technology to work together in small groups?'),
  often('teacher.use_create', 'How often do your students use technology to make something of their own: a project, a video, a model or a design that carries their ideas?'),
  often('teacher.use_investigate', 'How often do your students use technology to look into a question, judge sources and draw conclusions?'),
  agree('teacher.confidence', 'I feel sure of myself using technology in ways that deepen learning, not only to replace paper.'),
  agree('teacher.pd_fit', 'The professional learning open to me this year matches what I need for the classes I teach now.'),
  agree('teacher.impact_engagement', 'When my students learn with technology, they are more engaged.'),
  agree('teacher.impact_learning', 'When my students learn with technology, they learn more.'),
];

const COACH_SHARED: QuestionDefinition[] = [
  agree('coach.partnership', 'Coaching works best when teachers, coaches and school leaders share responsibility for it.'),
  agree('coach.readiness', 'I am ready to model and co-teach lessons in which students use technology well.'),
  agree('coach.pd_fit', 'The professional learning I receive as a coach matches what my role asks of me.'),
  agree('coach.mentor_value', 'Having a mentor to think problems through with helps me coach well.'),
  { kind: 'number', prompt: 'In a typical week, about how many hours do you spend working directly with teachers (meetings, classroom visits, co-teaching, modeling)?', required: false, min: 0, max: 60, compareKey: 'coach.direct_hours' },
  often('coach.teacher_impactful_use', 'How often do the teachers you support have students collaborate or create with technology?'),
  agree('coach.student_impact', 'The coaching I provide is improving how engaged students are in the classrooms I support.'),
];

const PRINCIPAL_SHARED: QuestionDefinition[] = [
  agree('principal.partnership', 'In my school, coaching is a shared effort of teachers, the coach and school leadership.'),
  agree('principal.non_evaluative', 'Teachers in my school can try new practices with their coach without it counting in their evaluation.'),
  often('principal.observed_impactful_use', 'When you visit classrooms, how often do you see students collaborating or creating with technology?'),
  agree('principal.pd_fit', 'Professional learning in my school matches what teachers tell us they need.'),
  agree('principal.student_impact', "Technology in my school's classrooms is improving students' engagement and learning."),
  agree('principal.mentor_value', "The program mentor's support is essential to running coaching well in my school."),
];

/** The ready-made templates, in the order the builder lists them. */
export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [
  {
    key: 'teacher_boy', title: 'Teachers: beginning of the year', kind: 'boy', audienceRoles: ['teacher'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'Where teaching with technology stands as the year starts, and what professional learning you need. Every teacher answers, coached or not, so the program can compare. About 8 minutes; your answers are anonymous.',
    questions: [
      ...TEACHER_SHARED,
      text('What would you most like to get better at in your teaching this year?'),
    ],
  },
  {
    key: 'teacher_eoy', title: 'Teachers: end of the year', kind: 'eoy', audienceRoles: ['teacher'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'The same questions as in the autumn, so we can see what changed, and a few about the year itself. Every teacher answers, coached or not. About 10 minutes; your answers are anonymous.',
    questions: [
      ...TEACHER_SHARED,
      { kind: 'single', prompt: 'Compared with last school year, how much did you teach with technology?', required: true, options: ['More than last year', 'About the same', 'Less than last year'] },
      { kind: 'single', prompt: 'Did you bring technology into more of your subjects or courses than last year?', required: false, options: ['Yes, into more', 'The same ones', 'Into fewer', 'I teach one subject only'] },
      text('What made the biggest difference to your teaching this year?'),
    ],
  },
  {
    key: 'coach_boy', title: 'Coaches: beginning of the year', kind: 'boy', audienceRoles: ['coach'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'How coaches see their role, their readiness and their support as the year starts. About 5 minutes; anonymous.',
    questions: [...COACH_SHARED, text('What do you expect to be the hardest part of coaching this year?')],
  },
  {
    key: 'coach_eoy', title: 'Coaches: end of the year', kind: 'eoy', audienceRoles: ['coach'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'The autumn questions again, to see what moved, and what to change next year. About 6 minutes; anonymous.',
    questions: [...COACH_SHARED, text('What would you change about how coaching runs next year?')],
  },
  {
    key: 'principal_boy', title: 'Principals: beginning of the year', kind: 'boy', audienceRoles: ['admin'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'How school leaders see coaching and classroom technology as the year starts. About 5 minutes; anonymous.',
    questions: [...PRINCIPAL_SHARED, text('What do you hope coaching will change in your school this year?')],
  },
  {
    key: 'principal_eoy', title: 'Principals: end of the year', kind: 'eoy', audienceRoles: ['admin'], audienceCoaching: 'all', anonymous: true, editUntilClose: false,
    description: 'The autumn questions again, and what you saw change. About 6 minutes; anonymous.',
    questions: [...PRINCIPAL_SHARED, text('What change in classrooms this year are you most confident coaching contributed to?')],
  },
  {
    key: 'snapshot', title: 'Coaching snapshot', kind: 'snapshot', audienceRoles: ['teacher'], audienceCoaching: 'coached', anonymous: true, editUntilClose: false,
    description: 'A two-minute check-in on how coaching is going for you. Anonymous: your coach sees only totals, and only when enough teachers answer.',
    questions: [
      agree('snapshot.partnership', 'My coach and I work as partners: we decide together what to work on.'),
      agree('snapshot.safe_to_try', 'I can try something new with my coach without feeling judged or evaluated.'),
      agree('snapshot.voluntary', 'Taking part in coaching is my own choice.'),
      agree('snapshot.relevant', 'What I work on with my coach applies directly to my students and my classroom.'),
      { kind: 'single', prompt: 'How far have you got with the classroom challenge you are working on with your coach?', required: true, options: ['Not started yet', 'A little way', 'About halfway', 'Most of the way', 'Solved'], compareKey: 'snapshot.challenge_progress' },
      text('One thing that would make coaching more useful to you right now:', false),
    ],
  },
  {
    key: 'post_cycle', title: 'After your coaching cycle', kind: 'post_cycle', audienceRoles: ['teacher'], audienceCoaching: 'coached', anonymous: true, editUntilClose: false,
    description: 'A few questions now that your cycle has ended, so coaching keeps getting better. About 3 minutes; anonymous.',
    questions: [
      { kind: 'single', prompt: 'Did you reach the goal you set for this cycle?', required: true, options: ['Yes', 'Partly', 'Not yet'], compareKey: 'cycle.goal_reached' },
      { kind: 'multiple', prompt: 'Which parts of the cycle helped you most?', help: 'Choose all that apply.', required: false, options: ['Planning meetings', 'Classroom visits and data collection', 'Co-teaching', 'Modeling', 'Debrief conversations', 'Group sessions'], compareKey: 'cycle.helpful_parts' },
      agree('cycle.practice_change', 'I now teach differently in at least one way because of this cycle.'),
      agree('cycle.student_benefit', 'My students gained from what I worked on in this cycle.'),
      agree('cycle.partnership', 'My coach treated me as a partner throughout the cycle.'),
      { kind: 'single', prompt: 'The cycle lasted…', required: true, options: ['Too short', 'About right', 'Too long'], compareKey: 'cycle.length' },
      { kind: 'single', prompt: 'Would you like to take part in another cycle?', required: true, options: ['Yes', 'Maybe', 'No'], compareKey: 'cycle.again' },
      text('What will you keep doing now that the cycle is over?'),
    ],
  },
];

/** The template with this key, or undefined. */
export function findTemplate(key: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.key === key);
}

export const TEMPLATE_KEYS = SURVEY_TEMPLATES.map((t) => t.key) as [string, ...string[]];
