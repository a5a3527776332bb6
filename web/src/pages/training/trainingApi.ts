/**
 * The 培训考试 API (server/src/modules/training is the source of these shapes): courses, banks,
 * exams, the caller's exams and attempts, a staff member's results and the per-team report.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';
import { useI18n } from '../../i18n/i18n';

export type CourseList = ApiResponse<'/api/training/courses'>;
export type CourseListItem = CourseList['items'][number];
export type Course = ApiResponse<'/api/training/courses/{id}'>;
export type CourseBody = ApiBody<'/api/training/courses', 'post'>;
export type Bank = ApiResponse<'/api/training/banks'>['items'][number];
export type BankDetail = ApiResponse<'/api/training/banks/{id}'>;
export type Question = BankDetail['questions'][number];
export type QuestionBody = ApiBody<'/api/training/banks/{id}/questions', 'post'>;
export type ExamBody = ApiBody<'/api/training/exams', 'post'>;
export type MyExam = ApiResponse<'/api/training/my-exams'>['items'][number];
export type Attempt = ApiResponse<'/api/training/attempts/{id}'>;
export type StaffTraining = ApiResponse<'/api/staff/{staffNo}/training'>;
export type TrainingReport = ApiResponse<'/api/training/report'>;
export type ReportRow = TrainingReport['rows'][number];

export const MY_EXAMS_PATH = '/training';
export const COURSES_PATH = '/training/courses';
export const BANKS_PATH = '/training/banks';
export const REPORT_PATH = '/training/report';
export const ATTEMPTS_PATH = '/training/attempts';
export const trainingRoot = ['training'] as const;

/** A GET of the training API, cached per locale (problem texts come in the user's language). */
function useTrainingQuery<T>(key: readonly unknown[], fetch: (signal: AbortSignal) => Promise<T>, enabled = true, gcTime?: number) {
  const { locale } = useI18n();
  return useQuery({ queryKey: [...trainingRoot, ...key, locale], queryFn: ({ signal }) => fetch(signal), enabled, ...(gcTime === undefined ? {} : { gcTime }) });
}

export type Exam = ApiResponse<'/api/training/exams/{id}'>;
export type CourseCompletion = ApiResponse<'/api/training/courses/{id}/completion'>;

export function useCourses(archived = false) {
  return useTrainingQuery(['courses', archived], (signal) => api.get('/api/training/courses', { query: { pageSize: 200, archived: archived ? 'true' : 'false' } }, signal));
}

export function useExam(id: string | null) {
  return useTrainingQuery(['exam', id], (signal) => api.get('/api/training/exams/{id}', { path: { id: id ?? '' } }, signal), id !== null);
}

export function useCourseCompletion(id: string, enabled: boolean) {
  return useTrainingQuery(['completion', id], (signal) => api.get('/api/training/courses/{id}/completion', { path: { id }, query: {} }, signal), enabled);
}

/** The download address of a course document (same origin: the session cookie goes with it). */
export function materialHref(courseId: string, materialId: string): string {
  return `/api/training/courses/${encodeURIComponent(courseId)}/materials/${encodeURIComponent(materialId)}`;
}

export function useCourse(id: string) {
  return useTrainingQuery(['course', id], (signal) => api.get('/api/training/courses/{id}', { path: { id } }, signal));
}

export function useBanks(enabled = true) {
  return useTrainingQuery(['banks'], (signal) => api.get('/api/training/banks', {}, signal), enabled);
}

export function useBank(id: string) {
  return useTrainingQuery(['bank', id], (signal) => api.get('/api/training/banks/{id}', { path: { id } }, signal));
}

export function useMyExams(enabled = true) {
  return useTrainingQuery(['my-exams'], (signal) => api.get('/api/training/my-exams', {}, signal), enabled);
}

/**
 * One attempt, never kept once its page is left (gcTime 0): coming back mid-way loads the answers
 * autosaved meanwhile, not the attempt as first loaded (whose empty answers would then be saved over them).
 */
export function useAttempt(id: string) {
  return useTrainingQuery(['attempt', id], (signal) => api.get('/api/training/attempts/{id}', { path: { id } }, signal), true, 0);
}

export function useStaffTraining(staffNo: string) {
  return useTrainingQuery(['staff', staffNo], (signal) => api.get('/api/staff/{staffNo}/training', { path: { staffNo } }, signal));
}

export function useTrainingReport(branch: string | undefined) {
  return useTrainingQuery(['report', branch ?? ''], (signal) => api.get('/api/training/report', { query: { branch } }, signal));
}
