import { answerOf, plansControllerList } from '../../api';
import { ReadState, Status } from '../../components/read-state';
import { useFormat, useMessages } from '../../i18n';
import { useSession } from '../../session';
import { useRead } from '../../use-read';
import { portal } from './messages';

/** The front page: every plan. */
export const PlansPage = () => {
  const t = useMessages(portal).plans;
  const format = useFormat();
  const session = useSession();
  const plans = useRead(() => answerOf(plansControllerList()), []);
  return (
    <>
      <hgroup>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
      </hgroup>
      <ReadState read={plans}>
        {(list) =>
          list.length === 0 ? (
            <p>
              {t.empty}{' '}
              {session.has('moderator', 'admin') ? (
                <a href="/moderation">{t.createOne}</a>
              ) : (
                !session.user && <a href="/sign-in">{t.signInToCreate}</a>
              )}
            </p>
          ) : (
            <div class="sections">
              {list.map((plan) => (
                <article>
                  <header>
                    <h2>
                      <a href={`/plans/${plan.id}`}>{plan.title}</a>
                    </h2>
                  </header>
                  <p>
                    {plan.country} · {t.period(format.date(plan.periodStart), format.date(plan.periodEnd))}
                  </p>
                  <Status status={plan.phase} />
                </article>
              ))}
            </div>
          )
        }
      </ReadState>
    </>
  );
};
