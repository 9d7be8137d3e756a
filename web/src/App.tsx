import { useQuery } from '@tanstack/react-query';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { get } from './api/client.ts';
import { abilities, useSession } from './api/session.tsx';
import type { SetupStatus } from './api/types.ts';
import { Layout } from './components/Layout.tsx';
import { ShellPlaceholder } from './components/Placeholders.tsx';
import { ApiAccessPage } from './routes/ApiAccessPage.tsx';
import { ChangePasswordRequiredPage } from './routes/ChangePasswordRequiredPage.tsx';
import { DeletedRecordsPage } from './routes/DeletedRecordsPage.tsx';
import { EntryPage } from './routes/EntryPage.tsx';
import { LesionPage } from './routes/LesionPage.tsx';
import { LoginPage } from './routes/LoginPage.tsx';
import { ManagerPage } from './routes/ManagerPage.tsx';
import { OperatorActionsPage } from './routes/OperatorActionsPage.tsx';
import { PatientPage } from './routes/PatientPage.tsx';
import { PatientsPage } from './routes/PatientsPage.tsx';
import { ResetPasswordPage } from './routes/ResetPasswordPage.tsx';
import { SecurityPage } from './routes/SecurityPage.tsx';
import { SetupPage } from './routes/SetupPage.tsx';
import { TagsPage } from './routes/TagsPage.tsx';
import { UsersPage } from './routes/UsersPage.tsx';

export function App() {
  const { user, loading } = useSession();
  const { pathname } = useLocation();
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => get<SetupStatus>('/api/setup'),
    enabled: !loading && !user,
  });
  // A reset link opens its page whoever is signed in on this browser.
  if (pathname === '/reset-password') return <ResetPasswordPage />;
  if (loading || (!user && setup.isPending)) {
    return <ShellPlaceholder />;
  }
  if (!user) {
    return (
      <Routes>
        <Route
          path="/setup"
          element={setup.data?.needed ? <SetupPage /> : <Navigate to="/login" replace />}
        />
        <Route
          path="/login"
          element={setup.data?.needed ? <Navigate to="/setup" replace /> : <LoginPage />}
        />
        <Route path="*" element={<Navigate to={setup.data?.needed ? '/setup' : '/login'} replace />} />
      </Routes>
    );
  }
  if (user.mustChangePassword) return <ChangePasswordRequiredPage />;
  const can = abilities(user.role);
  const home = can.clinical ? '/patients' : '/manager';
  return (
    <Routes>
      <Route element={<Layout />}>
        {can.clinical && <Route path="/patients" element={<PatientsPage />} />}
        {can.clinical && <Route path="/patients/:id" element={<PatientPage />} />}
        {can.clinical && <Route path="/entries/:id" element={<EntryPage />} />}
        {can.clinical && <Route path="/lesions/:id" element={<LesionPage />} />}
        {can.delete && <Route path="/deleted" element={<DeletedRecordsPage />} />}
        {can.manageTags && <Route path="/tags" element={<TagsPage />} />}
        {can.manager && <Route path="/manager" element={<ManagerPage />} />}
        {can.manager && <Route path="/manager/:tab" element={<ManagerPage />} />}
        {can.manageUsers && !can.manager && <Route path="/users" element={<UsersPage />} />}
        {can.manageUsers && !can.manager && (
          <Route path="/operator-actions" element={<OperatorActionsPage />} />
        )}
        <Route path="/security" element={<SecurityPage />} />
        <Route path="/api-access" element={<ApiAccessPage />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
