import { createBrowserRouter } from 'react-router';
import { Shell } from './components/Shell/Shell.js';
import { Account } from './pages/Account/Account.js';
import { Home } from './pages/Home/Home.js';
import { NotFound } from './pages/NotFound/NotFound.js';
import { SignIn } from './pages/SignIn/SignIn.js';
import { SignUp } from './pages/SignUp/SignUp.js';

export const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      { path: 'signup', element: <SignUp /> },
      { path: 'signin', element: <SignIn /> },
      { path: 'account', element: <Account /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
