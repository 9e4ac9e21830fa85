import NextAuth from 'next-auth';
import { buildAuthOptions } from '@/lib/auth/options';

const handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => NextAuth(buildAuthOptions())(request, context);

export { handler as GET, handler as POST };
