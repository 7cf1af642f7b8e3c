<?php

declare(strict_types=1);

namespace Faspay\Exception;

/** Faspay answered with an error response code (getResponseCode()). */
class ApiException extends FaspayException
{
}
