/**
 * 培训考试 (business-rules.md §10; issue 14 item 4): courses (/api/training/courses), question banks
 * and their questions (/api/training/banks, /api/training/questions; a bank as Excel with
 * ?format=xlsx and back with POST …/import), exams (/api/training/exams), the caller's exams
 * (/api/training/my-exams), attempts (start: POST /api/training/exams/{id}/attempts; read; submit),
 * a staff member's results (/api/staff/{staffNo}/training) and the per-team report
 * (/api/training/report, &format=xlsx).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { contentDisposition, sendXlsxStream } from '../../lib/excel.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  archiveBody, attempt, bank, bankBody, bankDetail, bankImportBody, bankImportResult, bankList, bankQuery, completionQuery, course, courseBody, courseCompletionList,
  courseList, courseListQuery, draftBody, draftSaved, exam, examBody, idParams, materialParams, materialUploadBody, myExamList, question, questionBody, report,
  reportQuery, staffNoParams, staffTraining, submitBody,
} from './training.schemas.js';
import {
  addQuestion, archiveCourse, archiveExam, bankExport, courseCompletionList as readCourseCompletion, createBank, createCourse, createExam, deleteCourse, deleteExam,
  deleteMaterial, deleteQuestion, getAttempt, getBank, getCourse, getExam, importBank, listBanks, listCourses, myExams, readMaterial, reportExport, saveDraft,
  staffTraining as readStaffTraining, startAttempt, submitAttempt, trainingReport, updateCourse, updateExam, updateQuestion, uploadMaterial, type TrainingContext,
} from './training.service.js';
import { MATERIAL_MAX_BYTES } from './training.rules.js';

function contextOf(request: FastifyRequest): TrainingContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const trainingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  const tags = ['training'];
  const manage = requirePermission('training.manage');

  // ---------------------------------------------------------------- courses
  app.get('/api/training/courses', {
    schema: { tags, summary: 'The courses the caller reaches (firm-wide and their branch’s; all for head office), newest first', querystring: courseListQuery, response: { 200: courseList } },
  }, async (request) => listCourses(app.pool, request.query, contextOf(request)));

  app.post('/api/training/courses', {
    onRequest: manage,
    schema: { tags, summary: 'Add a course (课程) with its material; a branch manager’s course is their branch’s', body: courseBody, response: { 201: course } },
  }, async (request, reply) => reply.code(201).send(await createCourse(app.pool, request.body, contextOf(request))));

  app.get('/api/training/courses/:id', {
    schema: { tags, summary: 'One course with its material and exams; 404 when unknown or not reached', params: idParams, response: { 200: course } },
  }, async (request) => getCourse(app.pool, request.params.id, contextOf(request)));

  app.put('/api/training/courses/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Change a course (403 for a firm-wide course and a branch manager)', params: idParams, body: courseBody, response: { 200: course } },
  }, async (request) => updateCourse(app.pool, request.params.id, request.body, contextOf(request)));

  app.delete('/api/training/courses/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Delete a course none of whose exams has an attempt (its exams and documents with it); 409 TRAINING_HAS_ATTEMPTS otherwise: archive it', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteCourse(app.pool, request.params.id, contextOf(request));
    return reply.code(204).send(null);
  });

  app.post('/api/training/courses/:id/archive', {
    onRequest: manage,
    schema: { tags, summary: 'Archive (归档) or restore a course: archived, it keeps its results, offers no exam and is no longer mandatory', params: idParams, body: archiveBody, response: { 200: course } },
  }, async (request) => archiveCourse(app.pool, request.params.id, request.body.archived, contextOf(request)));

  app.post('/api/training/courses/:id/materials', {
    onRequest: manage,
    bodyLimit: Math.ceil((MATERIAL_MAX_BYTES * 4) / 3) + 64 * 1024,
    schema: { tags, summary: 'Upload a course document (课程资料): PDF, Word/Excel/PowerPoint or an image, ≤ 20 MB; the content must match the extension', params: idParams, body: materialUploadBody, response: { 201: course } },
  }, async (request, reply) => reply.code(201).send(await uploadMaterial(app.pool, request.params.id, request.body, contextOf(request))));

  app.get('/api/training/courses/:id/materials/:materialId', {
    schema: {
      tags, summary: 'Download a course document (whoever reaches the course; 404 otherwise)', params: materialParams,
      response: { 200: { description: 'the document as uploaded', content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } } },
    },
  }, async (request, reply) => {
    const file = await readMaterial(app.pool, request.params.id, request.params.materialId, contextOf(request));
    // A Buffer is sent as it is (never through the JSON serializer); the typed reply only knows the schemas.
    const untyped = reply as FastifyReply;
    return untyped.type(file.contentType).header('content-disposition', contentDisposition(file.fileName, `course-document-${request.params.materialId}${/\.[A-Za-z0-9]{1,5}$/.exec(file.fileName)?.[0] ?? ''}`))
      .header('x-content-type-options', 'nosniff').send(file.data);
  });

  app.delete('/api/training/courses/:id/materials/:materialId', {
    onRequest: manage,
    schema: { tags, summary: 'Delete a course document', params: materialParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteMaterial(app.pool, request.params.id, request.params.materialId, contextOf(request));
    return reply.code(204).send(null);
  });

  app.get('/api/training/courses/:id/completion', {
    onRequest: manage,
    schema: {
      tags, summary: '必修完成情况: the active staff in the caller’s staff scope the course is mandatory for, with completion (overdue, pending, done), first pass and best score',
      params: idParams, querystring: completionQuery, response: { 200: courseCompletionList },
    },
  }, async (request) => readCourseCompletion(app.pool, request.params.id, request.query, contextOf(request)));

  // ---------------------------------------------------------------- banks and questions
  app.get('/api/training/banks', {
    onRequest: manage,
    schema: { tags, summary: 'The question banks (题库) the manager reaches, with their questions per kind', response: { 200: bankList } },
  }, async (request) => listBanks(app.pool, contextOf(request)));

  app.post('/api/training/banks', {
    onRequest: manage,
    schema: { tags, summary: 'Add a question bank', body: bankBody, response: { 201: bank } },
  }, async (request, reply) => reply.code(201).send(await createBank(app.pool, request.body, contextOf(request))));

  getValidated(app, '/api/training/banks/:id', {
    tags, summary: 'One bank with its questions, answers and explanations (managers only); &format=xlsx: the bank as an Excel file in the import layout',
    params: idParams, querystring: bankQuery, answer: bankDetail,
  }, async (request, { params, query }, reply) => {
    const ctx = contextOf(request);
    if (query.format === 'xlsx') {
      await getBank(app.pool, params.id, ctx); // 403/404 before the download starts
      return sendXlsxStream(request, reply, bankExport(app.pool, params.id, ctx));
    }
    return getBank(app.pool, params.id, ctx);
  });

  app.post('/api/training/banks/:id/questions', {
    onRequest: manage,
    schema: { tags, summary: 'Add a question: SINGLE (one right option), MULTIPLE (two or more), TRUE_FALSE (answer T or F, no options)', params: idParams, body: questionBody, response: { 201: question } },
  }, async (request, reply) => reply.code(201).send(await addQuestion(app.pool, request.params.id, request.body, contextOf(request))));

  app.post('/api/training/banks/:id/import', {
    onRequest: manage,
    bodyLimit: 15 * 1024 * 1024,
    schema: { tags, summary: 'Import questions from an Excel file in the export’s layout (all or nothing: the refused rows are listed)', params: idParams, body: bankImportBody, response: { 200: bankImportResult } },
  }, async (request) => importBank(app.pool, request.params.id, request.body.file, contextOf(request)));

  app.put('/api/training/questions/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Change a question (past attempts keep the version they drew)', params: idParams, body: questionBody, response: { 200: question } },
  }, async (request) => updateQuestion(app.pool, request.params.id, request.body, contextOf(request)));

  app.delete('/api/training/questions/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Delete a question (past attempts keep the version they drew)', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteQuestion(app.pool, request.params.id, contextOf(request));
    return reply.code(204).send(null);
  });

  // ---------------------------------------------------------------- exams and attempts
  app.post('/api/training/exams', {
    onRequest: manage,
    schema: { tags, summary: 'Add an exam (考试) of a course: time limit, questions drawn per kind from a bank, points, pass mark, attempts, window', body: examBody, response: { 201: exam } },
  }, async (request, reply) => reply.code(201).send(await createExam(app.pool, request.body, contextOf(request))));

  app.put('/api/training/exams/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Change an exam: all while nobody has started it; after, only title, window and attempts (409 TRAINING_EXAM_ATTEMPTED)', params: idParams, body: examBody, response: { 200: exam } },
  }, async (request) => updateExam(app.pool, request.params.id, request.body, contextOf(request)));

  app.delete('/api/training/exams/:id', {
    onRequest: manage,
    schema: { tags, summary: 'Delete an exam nobody has started; 409 TRAINING_HAS_ATTEMPTS otherwise: archive it', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteExam(app.pool, request.params.id, contextOf(request));
    return reply.code(204).send(null);
  });

  app.post('/api/training/exams/:id/archive', {
    onRequest: manage,
    schema: { tags, summary: 'Archive or restore an exam: archived, it keeps its attempts but is no longer offered', params: idParams, body: archiveBody, response: { 200: exam } },
  }, async (request) => archiveExam(app.pool, request.params.id, request.body.archived, contextOf(request)));

  app.get('/api/training/exams/:id', {
    schema: { tags, summary: 'One exam; 404 when unknown or its course is not reached', params: idParams, response: { 200: exam } },
  }, async (request) => getExam(app.pool, request.params.id, contextOf(request)));

  app.get('/api/training/my-exams', {
    schema: { tags, summary: 'The exams the caller’s staff member may take, with attempts used, best score and state (403 without a staff link)', response: { 200: myExamList } },
  }, async (request) => myExams(app.pool, contextOf(request)));

  app.post('/api/training/exams/:id/attempts', {
    schema: {
      tags, summary: 'Start an attempt (201: its own random draw, without answers) or resume the open one (200); 409 outside the window, without attempts left or once passed',
      params: idParams, response: { 200: attempt, 201: attempt },
    },
  }, async (request, reply) => {
    const { created, attempt: started } = await startAttempt(app.pool, request.params.id, contextOf(request));
    return reply.code(created ? 201 : 200).send(started);
  });

  app.get('/api/training/attempts/:id', {
    schema: { tags, summary: 'An attempt: the questions without answers while in progress (own only), the review with answers and explanations once closed', params: idParams, response: { 200: attempt } },
  }, async (request) => getAttempt(app.pool, request.params.id, contextOf(request)));

  app.put('/api/training/attempts/:id/draft', {
    schema: { tags, summary: '自动保存: save the responses so far into the caller’s open attempt (restored on reload; scored only at the submission); 409 TRAINING_TIME_UP after the limit + 30 s', params: idParams, body: draftBody, response: { 200: draftSaved } },
  }, async (request) => saveDraft(app.pool, request.params.id, request.body, contextOf(request)));

  app.post('/api/training/attempts/:id/submit', {
    schema: { tags, summary: 'Submit the answers: scored on the server; 409 TRAINING_TIME_UP after the time limit + 30 s (the attempt closes with 0)', params: idParams, body: submitBody, response: { 200: attempt } },
  }, async (request) => submitAttempt(app.pool, request.params.id, request.body, contextOf(request)));

  // ---------------------------------------------------------------- results
  app.get('/api/staff/:staffNo/training', {
    schema: { tags, summary: 'A staff member’s mandatory courses and attempts (员工详情 培训考试); 404 when unknown or out of scope', params: staffNoParams, response: { 200: staffTraining } },
  }, async (request) => readStaffTraining(app.pool, request.params.staffNo, contextOf(request)));

  exportableListRoute(app, {
    url: '/api/training/report',
    tags,
    summary: '培训考试报表 per team in the caller’s staff scope: mandatory-course completion, pass rate, average score, and the total; &format=xlsx',
    querystring: reportQuery,
    answer: report,
    json: (request, filter) => trainingReport(app.pool, filter, contextOf(request)),
    xlsx: (request, filter) => reportExport(app.pool, filter, contextOf(request)),
  });
};
