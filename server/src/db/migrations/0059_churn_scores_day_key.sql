-- churn_scores' primary key leads with the day (issue 12): each night appends 100,000 scores at that many
-- customers, which a key leading with the customer spread over as many leaf pages of an index holding every
-- day's scores (25 million rows a year); every read names the day (a day's list, a customer's score of a day).
-- The key still holds the customer key (scale.md, db/citus-design.test.ts).
alter table churn_scores drop constraint churn_scores_pkey, add primary key (trade_date, customer_no);
