-- Customer codes grow past five digits: lpad(…, 5) cut the 100,000th customer's number to
-- "CUST-10000", a code already taken (found by the billing benchmark). Codes keep five
-- digits until they need more.
CREATE FUNCTION next_customer_code() RETURNS text AS $$
    SELECT 'CUST-' || CASE WHEN n < 100000 THEN lpad(n::text, 5, '0') ELSE n::text END
    FROM nextval('customer_code_seq') AS n
$$ LANGUAGE sql;

ALTER TABLE customers ALTER COLUMN code SET DEFAULT next_customer_code();
