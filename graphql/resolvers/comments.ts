// Comments and the run's note: thin calls into lib/comments and lib/tracking.
import { actorUserId, authorizeRow, decide } from '../../lib/authz/index.ts';
import { addComment } from '../../lib/comments/add-comment.ts';
import type { CommentTargetType } from '../../lib/comments/comment-target.ts';
import type { CommentView } from '../../lib/comments/comment-view.ts';
import { deleteComment } from '../../lib/comments/delete-comment.ts';
import { editComment } from '../../lib/comments/edit-comment.ts';
import { listComments } from '../../lib/comments/list-comments.ts';
import { setRunNote } from '../../lib/tracking/run-data/set-run-note.ts';
import { getRun } from '../../lib/tracking/runs/get-run.ts';
import type { GraphQLContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

const own = (comment: CommentView, context: GraphQLContext) =>
  comment.author !== null && comment.author.id === actorUserId(context.principal);

export const commentResolvers: Resolvers = {
  Query: {
    comments: (_root, { targetType, targetId }, { principal }) => listComments(principal, { targetType, targetId }),
  },
  CommentThread: {
    comment: (thread) => thread,
    replies: (thread) => thread.replies,
  },
  Comment: {
    targetType: (comment) => comment.targetType as CommentTargetType,
    viewerCanEdit: (comment, _args, context) => !comment.deletedAt && own(comment, context),
    viewerCanDelete: (comment, _args, context) =>
      !comment.deletedAt && (own(comment, context) || decide(context.principal, 'content:moderate', comment.teamId) === 'allow'),
  },
  Run: {
    comments: (run, _args, { principal }) => listComments(principal, { targetType: 'RUN', targetId: run.id }),
    commentCount: (run, _args, context) => {
      authorizeRow(context.principal, 'comment:read', run.teamId, 'Run', run.id);
      return context.loaders.commentCountByRun.load(run);
    },
  },
  Mutation: {
    addComment: (_root, { input }, { principal }) =>
      addComment(principal, { targetType: input.targetType, targetId: input.targetId, body: input.body, parentId: input.parentId }),
    editComment: (_root, { input }, { principal }) => editComment(principal, { id: input.id, body: input.body }),
    deleteComment: (_root, { id }, { principal }) => deleteComment(principal, { id }),
    setRunNote: async (_root, { runId, note }, context) => {
      await setRunNote(context.principal, { runId, note });
      context.loaders.runById.clear(runId);
      context.loaders.runDataById.clear(runId);
      const view = await getRun(context.principal, { runId });
      context.loaders.runDataById.prime(view.id, view);
      return view;
    },
  },
};
