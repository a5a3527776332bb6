/**
 * 服务管理 (business-rules.md §10; issue 14 item 1), staff side: service products and their staff
 * (/api/service/products), subscriptions (/api/service/subscriptions), service relationships
 * (/api/service/relationships), content and its publication review (/api/service/content, …/submit
 * starts the CONTENT_PUBLISH flow), pushes with their read receipts (/api/service/pushes) and model
 * portfolios with their performance (/api/service/portfolios). The customer's side is
 * service.me.routes.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { createContent, getContent, getPush, listContent, listPushes, pushContent, pushRecipients, submitContent, updateContent } from './service.content.js';
import { createPortfolio, getPortfolio, listPortfolios, portfolioPerformance, rebalancePortfolio } from './service.portfolios.js';
import {
  contentBody, contentDetail, contentList, contentListQuery, endRelationshipBody, idParams, performance, performanceQuery, portfolioBody, portfolioDetail,
  portfolioList, productBody, productList, productListQuery, push, pushBody, pushList, pushListQuery, recipientList, recipientQuery, rebalanceBody,
  relationshipBody, relationshipList, relationshipListQuery, serviceProduct, serviceRelationship, staffBody, subscribeBody, subscription, subscriptionList,
  subscriptionListQuery,
} from './service.schemas.js';
import {
  addRelationship, createProduct, endRelationship, getProduct, listProducts, listRelationships, listSubscriptions, setProductStaff, subscribe, unsubscribe,
  updateProduct, type ServiceContext,
} from './service.service.js';

function contextOf(request: FastifyRequest): ServiceContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));
  const tags = ['service'];

  // ---------------------------------------------------------------- products and staff
  app.get('/api/service/products', {
    schema: { tags, summary: 'Service products (服务产品) with their service staff and the active subscribers in the caller’s scope', querystring: productListQuery, response: { 200: productList } },
  }, async (request) => listProducts(app.pool, request.query, contextOf(request)));

  app.post('/api/service/products', {
    schema: { tags, summary: 'Add a service product (products.manage)', body: productBody, response: { 201: serviceProduct } },
  }, async (request, reply) => reply.code(201).send(await createProduct(app.pool, request.body, contextOf(request))));

  app.get('/api/service/products/:id', {
    schema: { tags, summary: 'One service product', params: idParams, response: { 200: serviceProduct } },
  }, async (request) => getProduct(app.pool, request.params.id, contextOf(request)));

  app.put('/api/service/products/:id', {
    schema: { tags, summary: 'Change a service product (products.manage)', params: idParams, body: productBody, response: { 200: serviceProduct } },
  }, async (request) => updateProduct(app.pool, request.params.id, request.body, contextOf(request)));

  app.put('/api/service/products/:id/staff', {
    schema: { tags, summary: 'Set the product’s service staff (服务人员; products.manage)', params: idParams, body: staffBody, response: { 200: serviceProduct } },
  }, async (request) => setProductStaff(app.pool, request.params.id, request.body.staffNos, contextOf(request)));

  // ---------------------------------------------------------------- subscriptions
  app.get('/api/service/subscriptions', {
    schema: { tags, summary: 'Subscriptions of the customers in the caller’s scope', querystring: subscriptionListQuery, response: { 200: subscriptionList } },
  }, async (request) => listSubscriptions(app.pool, request.query, contextOf(request)));

  app.post('/api/service/subscriptions', {
    schema: {
      tags, body: subscribeBody, response: { 201: subscription },
      summary: 'Record a subscription after the suitability check: MATCH; MISMATCH only with the confirmed special warning (422 SUITABILITY_MISMATCH_UNCONFIRMED without); NEVER 422',
    },
  }, async (request, reply) => reply.code(201).send(await subscribe(app.pool, request.body, contextOf(request))));

  app.post('/api/service/subscriptions/:id/end', {
    schema: { tags, summary: 'End a subscription (退订); its service relationships end today', params: idParams, response: { 200: subscription } },
  }, async (request) => unsubscribe(app.pool, request.params.id, contextOf(request)));

  // ---------------------------------------------------------------- service relationships
  app.get('/api/service/relationships', {
    schema: { tags, summary: 'Service relationships (服务关系) of the customers in the caller’s scope', querystring: relationshipListQuery, response: { 200: relationshipList } },
  }, async (request) => listRelationships(app.pool, request.query, contextOf(request)));

  app.post('/api/service/relationships', {
    schema: { tags, summary: 'A service staff member of the product serves a subscriber from a day', body: relationshipBody, response: { 201: serviceRelationship } },
  }, async (request, reply) => reply.code(201).send(await addRelationship(app.pool, request.body, contextOf(request))));

  app.post('/api/service/relationships/:id/end', {
    schema: { tags, summary: 'End a service relationship on a day (inclusive)', params: idParams, body: endRelationshipBody, response: { 200: serviceRelationship } },
  }, async (request) => endRelationship(app.pool, request.params.id, request.body.endOn, contextOf(request)));

  // ---------------------------------------------------------------- content
  app.get('/api/service/content', {
    schema: { tags, summary: 'Content (服务产品加工): published items, and the caller’s own and reachable drafts', querystring: contentListQuery, response: { 200: contentList } },
  }, async (request) => listContent(app.pool, request.query, contextOf(request)));

  app.post('/api/service/content', {
    schema: { tags, summary: 'Write an item (a draft); the HTML is sanitised to a whitelist', body: contentBody, response: { 201: contentDetail } },
  }, async (request, reply) => reply.code(201).send(await createContent(app.pool, request.body, contextOf(request))));

  app.get('/api/service/content/:id', {
    schema: { tags, summary: 'One item with its (sanitised) HTML', params: idParams, response: { 200: contentDetail } },
  }, async (request) => getContent(app.pool, request.params.id, contextOf(request)));

  app.put('/api/service/content/:id', {
    schema: { tags, summary: 'Change the caller’s draft (409 while in review or once published)', params: idParams, body: contentBody, response: { 200: contentDetail } },
  }, async (request) => updateContent(app.pool, request.params.id, request.body, contextOf(request)));

  app.post('/api/service/content/:id/submit', {
    schema: { tags, summary: 'Submit the draft for publication review (flow CONTENT_PUBLISH; the writer never approves it)', params: idParams, response: { 200: contentDetail } },
  }, async (request) => submitContent(app.pool, request.params.id, contextOf(request)));

  // ---------------------------------------------------------------- pushes
  app.get('/api/service/pushes', {
    schema: { tags, summary: 'Pushes (资讯推送) with delivered, skipped (suitability) and read counts of the customers in the caller’s scope', querystring: pushListQuery, response: { 200: pushList } },
  }, async (request) => listPushes(app.pool, request.query, contextOf(request)));

  app.post('/api/service/pushes', {
    schema: {
      tags, body: pushBody, response: { 201: push },
      summary: 'Push a published item to a product’s subscribers and/or a saved group: in the caller’s scope, only to customers whose suitability matches its level',
    },
  }, async (request, reply) => reply.code(201).send(await pushContent(app.pool, request.body, contextOf(request))));

  app.get('/api/service/pushes/:id', {
    schema: { tags, summary: 'One push with its counts', params: idParams, response: { 200: push } },
  }, async (request) => getPush(app.pool, request.params.id, contextOf(request)));

  app.get('/api/service/pushes/:id/recipients', {
    schema: { tags, summary: 'The push’s recipients in the caller’s scope, with their read receipts', params: idParams, querystring: recipientQuery, response: { 200: recipientList } },
  }, async (request) => pushRecipients(app.pool, request.params.id, request.query, contextOf(request)));

  // ---------------------------------------------------------------- model portfolios
  app.get('/api/service/portfolios', {
    schema: { tags, summary: 'Model portfolios (投资组合) with their current version', response: { 200: portfolioList } },
  }, async () => listPortfolios(app.pool));

  app.post('/api/service/portfolios', {
    schema: { tags, summary: 'Add a model portfolio with its first weights (sum exactly 100; products.manage)', body: portfolioBody, response: { 201: portfolioDetail } },
  }, async (request, reply) => reply.code(201).send(await createPortfolio(app.pool, request.body, contextOf(request))));

  app.get('/api/service/portfolios/:id', {
    schema: { tags, summary: 'One portfolio with every version (newest first)', params: idParams, response: { 200: portfolioDetail } },
  }, async (request) => getPortfolio(app.pool, request.params.id));

  app.post('/api/service/portfolios/:id/rebalances', {
    schema: { tags, summary: 'Rebalance (调仓): a new version effective after the latest (products.manage)', params: idParams, body: rebalanceBody, response: { 201: portfolioDetail } },
  }, async (request, reply) => reply.code(201).send(await rebalancePortfolio(app.pool, request.params.id, request.body, contextOf(request))));

  app.get('/api/service/portfolios/:id/performance', {
    schema: { tags, summary: 'The daily value index (base 1000) from the extract’s closing prices', params: idParams, querystring: performanceQuery, response: { 200: performance } },
  }, async (request) => portfolioPerformance(app.pool, request.params.id, request.query));
};
