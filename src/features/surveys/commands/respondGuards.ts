/** Shared by the respond commands: the survey's window, in words a respondent reads. */
import { HttpError } from '../../../auth/httpError';
import { windowState } from '../catalog';
import type { Survey } from '../surveyRecords';

/** 409 unless the survey accepts answers today. */
export function assertOpen(survey: Survey, now: Date): void {
  const state = windowState(survey, now);
  if (state === 'upcoming') throw new HttpError(409, 'This survey is not open yet', `This survey opens on ${survey.opensOn}. Come back then; nothing was saved.`, 'SURVEY_NOT_OPEN');
  if (state === 'closed') throw new HttpError(409, 'This survey has closed', `This survey closed on ${survey.closesOn}, so answers are no longer accepted. Nothing was saved.`, 'SURVEY_CLOSED');
}

/** 409 for a second submission of a survey answered once. */
export function alreadySubmitted(): HttpError {
  return new HttpError(409, 'You have already answered this survey', 'Your response was submitted earlier and this survey takes one response per person, so your first response is the one kept.', 'ALREADY_SUBMITTED');
}
